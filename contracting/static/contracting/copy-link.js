// Adds a "Copy the link" button beside a link shown whole on the page. Without script the
// link is still there in full, to select and copy by hand. Self-hosted, no inline code
// (the site's CSP allows only 'self').
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-copy-link]");
  Array.prototype.forEach.call(boxes, function (box) {
    var text = box.querySelector("[data-copy-text]");
    var status = box.querySelector("[data-copy-status]");
    if (!text || !status || !navigator.clipboard) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button-secondary";
    button.textContent = "Copy the link";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent.trim()).then(
        function () { status.textContent = "Copied. Paste it into your message to the client."; },
        function () { status.textContent = "Could not copy: select the link and copy it yourself."; }
      );
    });
    box.insertBefore(button, status);
  });
})();
