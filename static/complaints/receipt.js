/* "Cetak tanda terima": without JavaScript the button stays hidden and the browser's own
   print command does the same (the print styles hide forms and navigation). */
(function () {
  "use strict";
  if (typeof window.print !== "function") return;
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
