/* Quiz attempt: save each answer as it is given, and count down to the deadline.
   The page works without this file: the form's own buttons save and submit. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) return;
  var url = form.getAttribute("data-autosave-url");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function status(fieldset, text, isError) {
    var el = fieldset.querySelector(".save-status");
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("error", !!isError);
  }

  function save(fieldset) {
    var body = new FormData();
    body.append("position", fieldset.getAttribute("data-position"));
    fieldset.querySelectorAll("input, select").forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      body.append(el.name, el.value);
    });
    status(fieldset, form.getAttribute("data-saving-text"), false);
    fetch(url, { method: "POST", body: body, headers: { "X-CSRFToken": token }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (result.ok) status(fieldset, form.getAttribute("data-saved-text"), false);
        else status(fieldset, result.data.error || form.getAttribute("data-error-text"), true);
      })
      .catch(function () { status(fieldset, form.getAttribute("data-error-text"), true); });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-position]");
    if (fieldset) save(fieldset);
  });

  var clock = document.getElementById("countdown");
  if (!clock) return;
  var deadline = Date.parse(clock.getAttribute("data-deadline"));
  var skew = Date.parse(clock.getAttribute("data-now")) - Date.now();
  var label = clock.getAttribute("data-label");
  var submitted = false;

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function tick() {
    var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    clock.textContent = label + ": " + (hours ? hours + ":" : "") + pad(minutes) + ":" + pad(left % 60);
    clock.classList.toggle("urgent", left <= 60);
    if (left === 0 && !submitted) {
      submitted = true;
      var action = document.createElement("input");
      action.type = "hidden";
      action.name = "action";
      action.value = "submit";
      form.appendChild(action);
      form.submit();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
