/* The complaint form: ticking "anonim" hides the name and the address, which an anonymous
   complaint does not keep (complaints.forms.ComplaintForm.clean empties them). Without
   JavaScript they stay visible, with a note saying they need not be filled in; with it the
   note is not needed. Phone and e-mail stay either way: an anonymous reporter may leave them. */
(function () {
  "use strict";
  var anonymous = document.getElementById("id_anonymous");
  if (!anonymous) return;
  var identity = document.querySelectorAll("[data-identity]");
  document.querySelectorAll("[data-identity-note]").forEach(function (note) {
    note.hidden = true;
  });
  function update() {
    identity.forEach(function (field) {
      field.hidden = anonymous.checked;
    });
  }
  anonymous.addEventListener("change", update);
  update();
})();
