/* Copy-link button on the article page. Without JavaScript the button stays hidden and the
   readonly field still shows the address to select and copy by hand. */
(function () {
  "use strict";

  function copyWithSelection(input) {
    input.focus();
    input.select();
    return document.execCommand && document.execCommand("copy");
  }

  document.querySelectorAll("[data-copy-link]").forEach(function (box) {
    var input = box.querySelector("input");
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    if (!input || !button || !status) return;

    input.addEventListener("focus", function () { input.select(); });
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { status.textContent = button.dataset.copied; };
      var fallback = function () {
        status.textContent = copyWithSelection(input) ? button.dataset.copied : button.dataset.failed;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();
