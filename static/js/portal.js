// Regionas: small behaviours without inline script (the CSP forbids it).
(function () {
  "use strict";
  // Buttons with data-confirm ask before their form is sent.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
  // Elements with data-width="NN" get that width in percent (progress bars) — set from
  // script because the CSP forbids inline style attributes.
  function applyWidths(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      el.style.width = el.getAttribute("data-width") + "%";
    });
  }
  // Statistics form: a total shows the sum of its parts as they are typed (e.g. income
  // by source under total income), so a part larger than the total is seen at once.
  function parseNumber(text) {
    var cleaned = (text || "").replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
    if (cleaned === "" || isNaN(cleaned)) { return null; }
    return parseFloat(cleaned);
  }
  function formatNumber(value) {
    return value.toLocaleString(document.documentElement.lang === "en" ? "en-GB" : "lt-LT",
                                {maximumFractionDigits: 2});
  }
  function updateSums() {
    document.querySelectorAll("[data-parts-sum-for]").forEach(function (box) {
      var code = box.getAttribute("data-parts-sum-for");
      var parts = document.querySelectorAll('input[data-part-of="' + code + '"]');
      var total = 0, seen = 0;
      parts.forEach(function (input) {
        var value = parseNumber(input.value);
        if (value !== null) { total += value; seen += 1; }
      });
      box.classList.toggle("d-none", seen === 0);
      box.querySelector("strong").textContent = formatNumber(total);
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-code]")) { updateSums(); }
  });
  document.addEventListener("htmx:afterSwap", updateSums);
  document.addEventListener("DOMContentLoaded", function () { applyWidths(document); updateSums(); });
  document.addEventListener("htmx:afterSwap", function (event) { applyWidths(event.target); });
  // Text areas with data-max-length count their characters as they are typed and mark
  // the counter when the text is over the limit (the server refuses it, keeping the text).
  document.addEventListener("input", function (event) {
    var area = event.target;
    if (!area.matches || !area.matches("textarea[data-max-length]")) { return; }
    var counter = document.querySelector('[data-count-for="' + area.id + '"]');
    if (!counter) { return; }
    var max = parseInt(area.getAttribute("data-max-length"), 10);
    counter.textContent = formatNumber(area.value.length);
    var over = area.value.length > max;
    counter.parentElement.classList.toggle("text-danger", over);
    counter.parentElement.classList.toggle("fw-bold", over);
    area.classList.toggle("is-invalid", over);
  });
})();
