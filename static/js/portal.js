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
  // A table wider than the screen scrolls in its own box; a box with nothing focusable in
  // it (no links) becomes focusable itself, so it can be scrolled with the arrow keys.
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  function scrollableTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex") && !box.querySelector(FOCUSABLE)) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(scrollableTables, 100);
  });
  document.addEventListener("DOMContentLoaded", scrollableTables);
  document.addEventListener("htmx:afterSettle", scrollableTables);
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
  // Long work shows that it is under way and is never sent twice. A plain form: on submit
  // its buttons are disabled and the one pressed shows a spinner; its name and value still
  // go with the form (a disabled button is not sent, so a hidden copy is). htmx requests:
  // the buttons inside the element that asked are disabled until the answer arrives, and
  // the bar under the menu (hx-indicator on <body>) shows when a request takes a moment.
  var SPINNER = '<span class="spinner-border spinner-border-sm me-1 busy-spinner" aria-hidden="true"></span>';
  function isHtmx(form) {
    return ["hx-post", "hx-get", "hx-put", "hx-patch", "hx-delete", "data-hx-post", "data-hx-get"]
      .some(function (name) { return form.hasAttribute(name); });
  }
  function setBusy(buttons, pressed) {
    buttons.forEach(function (button) {
      button.disabled = true;
      button.setAttribute("data-busy", "");
      if (button === pressed && !button.querySelector(".busy-spinner")) {
        button.insertAdjacentHTML("afterbegin", SPINNER);
      }
    });
  }
  function clearBusy(root) {
    root.querySelectorAll("[data-busy]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("data-busy");
      button.querySelectorAll(".busy-spinner").forEach(function (el) { el.remove(); });
    });
    root.querySelectorAll("input[data-busy-copy]").forEach(function (el) { el.remove(); });
    root.querySelectorAll("form[aria-busy]").forEach(function (form) { form.removeAttribute("aria-busy"); });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || isHtmx(form) ||
        form.hasAttribute("data-no-busy") || form.target === "_blank") { return; }
    if (form.getAttribute("aria-busy") === "true") {  // already on its way
      event.preventDefault();
      return;
    }
    var pressed = event.submitter || form.querySelector("[type=submit], button:not([type])");
    if (pressed && pressed.name) {
      var copy = document.createElement("input");
      copy.type = "hidden";
      copy.name = pressed.name;
      copy.value = pressed.value;
      copy.setAttribute("data-busy-copy", "");
      form.appendChild(copy);
    }
    form.setAttribute("aria-busy", "true");
    setBusy(form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]"), pressed);
    // A GET form may answer with a download and stay on this page: give it back later.
    if ((form.getAttribute("method") || "get").toLowerCase() === "get") {
      window.setTimeout(function () { clearBusy(form); }, 4000);
    }
  });
  // Back to a page kept in the browser's cache: its forms can be sent again.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { clearBusy(document); } });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.querySelectorAll) { return; }
    var buttons = elt.matches("button") ? [elt] : Array.prototype.slice.call(elt.querySelectorAll("button"));
    setBusy(buttons, elt.matches("button") ? elt : (event.detail.requestConfig &&
      event.detail.requestConfig.triggeringEvent && event.detail.requestConfig.triggeringEvent.target &&
      event.detail.requestConfig.triggeringEvent.target.closest &&
      event.detail.requestConfig.triggeringEvent.target.closest("button")));
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.isConnected) {
      if (elt.matches("button[data-busy]")) { clearBusy(elt.parentNode || elt); } else { clearBusy(elt); }
    }
  });
  // An htmx answer of 400/422 from an element marked data-swap-errors carries the refusal to
  // show in place (an attendance row): swap it in.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 400 || status === 422) && event.detail.elt.closest &&
        event.detail.elt.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
