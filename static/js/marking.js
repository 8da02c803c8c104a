// Attendance marking without page reloads: each tap is saved at once and the counts stay live.
// Without JavaScript the same buttons submit the form and the page reloads.
(function () {
  "use strict";
  var form = document.getElementById("marking");
  var counts = document.getElementById("counts");
  if (!form || !counts || !window.fetch) { return; }
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function show(data) {
    ["present", "late", "excused", "absent"].forEach(function (status) {
      var el = counts.querySelector("[data-count=" + status + "]");
      if (el) { el.textContent = data.counts[status] || 0; }
    });
    counts.querySelector("[data-count=unmarked]").textContent = data.unmarked;
    Object.keys(data.marks).forEach(function (id) {
      var row = document.getElementById("n" + id);
      if (!row) { return; }
      row.dataset.status = data.marks[id];
      row.querySelectorAll("button.mark").forEach(function (button) {
        button.setAttribute("aria-pressed", button.value === id + ":" + data.marks[id] ? "true" : "false");
      });
    });
  }

  function post(body) {
    return fetch(form.action || window.location.href, {
      method: "POST",
      headers: { "X-CSRFToken": token, "Accept": "application/json" },
      body: body,
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || response.statusText); }
        return data;
      });
    });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    event.preventDefault();
    var body = new FormData();
    body.append(button.name, button.value);
    if (button.name === "mark") {
      var id = button.value.split(":")[0];
      var reason = document.getElementById("reason-" + id);
      if (reason) { body.append("reason-" + id, reason.value); }
    }
    button.disabled = true;
    post(body).then(show).catch(function (error) { window.alert(error.message); })
      .then(function () { button.disabled = false; });
  });

  // Self check-ins by QR arrive while the organiser marks: refresh the counts now and then.
  window.setInterval(function () {
    fetch(counts.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); }).then(show).catch(function () {});
  }, 10000);
}());
