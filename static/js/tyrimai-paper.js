// Regionas, research: typing paper questionnaires in with the keyboard only.
// Enter moves to the next field (a textarea keeps its Enter), Ctrl+Enter saves. Without
// this script the page is a plain form: Enter sends it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("paper-form");
    if (!form) { return; }
    var fields = Array.prototype.slice.call(form.querySelectorAll("[data-paper-field]"));
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        return;
      }
      var index = fields.indexOf(event.target);
      if (index === -1 || event.target.tagName === "TEXTAREA") { return; }
      event.preventDefault();
      var next = fields[index + 1];
      if (next) { next.focus(); if (next.select) { next.select(); } }
      else { document.getElementById("paper-save").focus(); }
    });
    // After refused codes, the list of errors takes the focus; otherwise the first field.
    var errors = document.getElementById("paper-errors") || document.getElementById("paper-refusal");
    if (errors) { errors.focus(); }
  });
})();
