/* Job pages: poll the job's status and move the progress bar; without JavaScript the page refreshes itself. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("[data-job-bar]");
  var count = box.querySelector("[data-job-count]");
  var label = box.querySelector("[data-job-status]");
  var download = box.querySelector("[data-job-download]");
  function poll() {
    fetch(url, { credentials: "same-origin" }).then(function (response) { return response.json(); }).then(function (job) {
      bar.max = job.total;
      bar.value = job.progress;
      bar.textContent = job.percent + "%";
      count.textContent = job.progress + " / " + job.total;
      label.textContent = job.status_label;
      if (job.status === "done") { download.hidden = false; return; }
      if (job.status === "failed") { window.location.reload(); return; }
      window.setTimeout(poll, 1500);
    }).catch(function () { window.setTimeout(poll, 5000); });
  }
  if (!download.hidden) { return; }
  window.setTimeout(poll, 1000);
})();
