/* After a form comes back with errors, start from the list of what to fix: focus moves to the
   error summary (tabindex="-1"), whose items link to their fields. Loaded only with a summary on the page;
   without JavaScript the summary is still first in the form and announced (role="alert"). */
(function () {
  "use strict";
  var summary = document.querySelector(".form-errors[tabindex='-1']");
  if (summary) summary.focus();
})();
