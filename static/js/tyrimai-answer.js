// Regionas, research: the public answer page's small behaviours (no inline script: CSP).
// Without this script every question shows and the server drops the answers to questions
// that should not have been shown.
(function () {
  "use strict";

  // The codes chosen in a question: checked radios and boxes named `name`.
  function chosen(form, name) {
    var codes = [];
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && input.checked) {
        codes.push(input.value);
      }
    });
    return codes;
  }

  // Show-if: [data-show-if="q12"][data-show-codes="1 2"] shows when question q12 (itself
  // shown) has one of the codes; a personal question [data-needs-consent] shows when the
  // consent box is ticked. In document order, so a chain of conditions settles in one pass.
  function update(form) {
    var consent = form.querySelector("[data-consent]");
    form.querySelectorAll("[data-question]").forEach(function (box) {
      var visible = true;
      var parentName = box.getAttribute("data-show-if");
      if (parentName) {
        var parent = form.querySelector('[data-question="' + parentName + '"]');
        var wanted = (box.getAttribute("data-show-codes") || "").split(" ");
        visible = !(parent && parent.hidden) && chosen(form, parentName).some(function (code) {
          return wanted.indexOf(code) !== -1;
        });
      }
      if (box.hasAttribute("data-needs-consent") && consent && !consent.checked) {
        visible = false;
      }
      box.hidden = !visible;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("answer-form");
    if (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
      // Typing an "other" answer picks the "other" choice of that question.
      form.addEventListener("input", function (event) {
        var name = event.target.getAttribute && event.target.getAttribute("data-other-for");
        if (name && event.target.value.trim() !== "") {
          var radio = form.querySelector('input[name="' + name + '"][value="other"]');
          if (radio && !radio.checked) { radio.checked = true; update(form); }
        }
      });
    }
    // After a refused send, the error summary takes the focus (its links lead to the
    // questions).
    var errors = document.getElementById("answer-errors") || document.getElementById("answer-notice");
    if (errors) {
      if (!errors.hasAttribute("tabindex")) { errors.setAttribute("tabindex", "-1"); }
      errors.focus();
    }
  });
})();
