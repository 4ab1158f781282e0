/* "Tampilkan kode" on the tracking form: shows the masked tracking code while pressed, so a
   reporter can check what they typed. Without JavaScript the button stays hidden and the
   field is an ordinary masked input. */
(function () {
  "use strict";
  document.querySelectorAll("[data-reveal]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-reveal"));
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var show = field.type === "password";
      field.type = show ? "text" : "password";
      button.setAttribute("aria-pressed", show ? "true" : "false");
    });
  });
})();
