/* The receipt's buttons, shown only when they can work; without JavaScript they stay hidden
   and the code can still be selected, printed (the browser's own command, with the print
   styles) or photographed.
   - "Salin kode": copies the tracking code; the result is announced in the status line.
   - "Cetak tanda terima": the print dialog, which also saves as PDF. */
(function () {
  "use strict";

  function announce(status, text) {
    if (status) status.textContent = text;
  }

  // The Clipboard API needs a secure context (https or localhost); elsewhere the older
  // selection-and-copy command still works in the browsers of cheap phones.
  function copyBySelection(source) {
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    return copied;
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status]");
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      var done = button.getAttribute("data-copy-done");
      var failed = button.getAttribute("data-copy-failed");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { announce(status, done); },
          function () { announce(status, copyBySelection(source) ? done : failed); }
        );
      } else {
        announce(status, copyBySelection(source) ? done : failed);
      }
    });
  });

  if (typeof window.print === "function") {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
})();
