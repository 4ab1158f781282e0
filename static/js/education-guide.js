/* FAQ page: filters the questions while typing and opens the one a link points at. Without
   JavaScript the search box is an ordinary GET form filtered by the server, and a link still
   scrolls to its (closed) question. */
(function () {
  "use strict";

  // The server's education.guide_selectors.search_text: lower case, no accents, single spaces.
  function searchText(value) {
    return value.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }

  var form = document.querySelector("[data-faq-search]");
  var input = form && form.querySelector("input[type=search]");
  var found = document.getElementById("faq-found");
  var none = document.querySelector("[data-faq-none]");
  var questions = Array.prototype.slice.call(document.querySelectorAll("details.faq"));
  var texts = questions.map(function (question) { return searchText(question.textContent).join(" "); });

  function filter() {
    var words = searchText(input.value);
    var shown = 0;
    questions.forEach(function (question, index) {
      var match = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
      question.hidden = !match;
      if (match) shown += 1;
    });
    document.querySelectorAll("[data-faq-group]").forEach(function (group) {
      group.hidden = !group.querySelector("details.faq:not([hidden])");
    });
    if (none) none.hidden = shown > 0 || questions.length === 0;
    if (found) found.textContent = words.length ? found.dataset.template.replace("#", String(shown)) : "";
  }

  if (input && found && questions.length) {
    input.addEventListener("input", filter);
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
