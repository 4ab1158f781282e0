// The "Ubah tahap" form under a complaint: show only the fields the chosen target stage needs
// (the parent complaint for Digabung, the agency for Diteruskan) and mark the note required
// where it is the reason (Tidak Diregistrasi, Dihentikan). Without this script every field
// shows, and the help texts say when each applies; the service checks either way.
(function () {
  "use strict";

  function listed(element, attribute, stage) {
    return element.getAttribute(attribute).split(" ").indexOf(stage) !== -1;
  }

  function enhance(form) {
    var target = form.querySelector("select[name=to]");
    if (!target) {
      return;
    }
    var forStages = form.querySelectorAll("[data-complaint-stages]");
    var reasons = form.querySelectorAll("[data-complaint-required-for]");

    function update() {
      forStages.forEach(function (field) {
        field.closest(".form-row").hidden = !listed(field, "data-complaint-stages", target.value);
      });
      reasons.forEach(function (field) {
        var label = form.querySelector('label[for="' + field.id + '"]');
        if (label) {
          label.classList.toggle(
            "required",
            listed(field, "data-complaint-required-for", target.value)
          );
        }
      });
    }

    target.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.complaint-action__form").forEach(enhance);
  });
})();
