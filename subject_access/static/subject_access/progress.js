// Shows a compile's progress without reloading; the page's refresh link does the same
// without script. Self-hosted, no inline code (the site's CSP allows only 'self').
(function () {
  "use strict";
  var box = document.getElementById("sar-progress");
  if (!box) { return; }
  var url = box.getAttribute("data-progress-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector(".progress-text");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        text.textContent = state.done + " of " + state.total + " items gathered (" + state.percent + "%).";
        if (state.finished) { window.location.reload(); } else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
