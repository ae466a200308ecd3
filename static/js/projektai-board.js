// Regionas, projects: the pipeline board (drag a card to another column, or use the small
// form on the card; both POST to the project's status URL and get the card back as JSON)
// and the project form's "lead organisation" field, shown when the role is "partner".
// No inline script (the CSP forbids it); the messages come translated in data attributes.
(function () {
  "use strict";

  function board() { return document.querySelector("[data-board]"); }

  function text(name, fallback) {
    var box = board();
    return (box && box.getAttribute("data-msg-" + name)) || fallback || "";
  }

  function csrfToken(form) {
    var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // --- messages in the aria-live region --------------------------------------------------

  function announce(message, kind, extra) {
    var live = document.getElementById("board-live");
    if (!live) { return; }
    live.textContent = "";
    var alert = document.createElement("div");
    alert.className = "alert alert-" + (kind || "info") + " d-flex flex-wrap align-items-center gap-2";
    if (kind === "danger" || kind === "warning") { alert.setAttribute("role", "alert"); }
    var span = document.createElement("span");
    span.className = "me-auto";
    span.textContent = message;
    alert.appendChild(span);
    if (extra) { alert.appendChild(extra); }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", text("close", "Close"));
    close.addEventListener("click", function () { live.textContent = ""; });
    alert.appendChild(close);
    live.appendChild(alert);
  }

  // --- columns ---------------------------------------------------------------------------

  function zoneFor(status) {
    return document.querySelector('[data-drop-status="' + status + '"]');
  }

  function bump(zone, by) {
    if (!zone) { return; }
    var badge = zone.querySelector("[data-count]");
    if (badge) {
      var count = Math.max(0, (parseInt(badge.textContent, 10) || 0) + by);
      badge.textContent = String(count);
    }
    var empty = zone.querySelector("[data-empty]");
    var list = zone.querySelector("[data-cards]");
    if (empty && list) { empty.hidden = list.children.length > 0; }
  }

  function place(oldCard, html, status) {
    var holder = document.createElement("ol");
    holder.innerHTML = html.trim();
    var card = holder.firstElementChild;
    var from = oldCard.closest("[data-drop-status]");
    var to = zoneFor(status);
    if (from === to) {
      oldCard.replaceWith(card);
      return card;
    }
    oldCard.remove();
    var list = to && to.querySelector("[data-cards]");
    if (list && status !== "withdrawn") {
      list.insertBefore(card, list.firstChild);
    }
    bump(from, -1);
    bump(to, 1);
    return card;
  }

  // --- talking to the server -------------------------------------------------------------

  function post(url, data, form) {
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrfToken(form)}
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        return {ok: false, code: response.status === 403 ? "forbidden" : "failed",
                message: response.status === 403 ? text("forbidden") : text("failed")};
      }
      return response.json();
    }, function () {
      return {ok: false, code: "failed", message: text("failed")};
    });
  }

  function nextUrl(card) {
    var input = card.querySelector("input[name=next]");
    return input ? input.value : window.location.pathname + window.location.search;
  }

  function handle(card, answer, focusAfter) {
    if (answer.ok) {
      var placed = place(card, answer.html, answer.status);
      announce(answer.message || text("moved"), "success");
      if (focusAfter && placed) {
        var link = placed.querySelector("h3 a");
        if (link) { link.focus(); }
      }
      return;
    }
    var extra = null;
    if (answer.code === "needs_approval" && answer.approval_url) {
      extra = document.createElement("button");
      extra.type = "button";
      extra.className = "btn btn-sm btn-primary";
      extra.textContent = text("ask", "Ask for approval");
      extra.addEventListener("click", function () {
        var data = new FormData();
        data.append("version", card.getAttribute("data-version"));
        data.append("next", nextUrl(card));
        extra.disabled = true;
        post(answer.approval_url, data, card).then(function (reply) {
          handle(card, reply, false);
        });
      });
    }
    announce(answer.message || text("failed"), answer.code === "needs_approval" ? "warning" : "danger", extra);
  }

  function move(card, status) {
    if (!card || card.getAttribute("data-status") === status) { return; }
    var data = new FormData();
    data.append("to", status);
    data.append("version", card.getAttribute("data-version"));
    data.append("next", nextUrl(card));
    card.setAttribute("aria-busy", "true");
    post(card.getAttribute("data-move-url"), data, card).then(function (answer) {
      card.removeAttribute("aria-busy");
      handle(card, answer, false);
    });
  }

  // --- drag and drop ---------------------------------------------------------------------

  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card[draggable=true]");
    if (!card) { return; }
    dragged = card;
    card.classList.add("opacity-50");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-project"));
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("opacity-50"); }
    dragged = null;
    document.querySelectorAll("[data-drop-status].border-primary").forEach(function (zone) {
      zone.classList.remove("border-primary", "border-2");
    });
  });

  document.addEventListener("dragover", function (event) {
    var zone = dragged && event.target.closest && event.target.closest("[data-drop-status]");
    if (!zone) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    zone.classList.add("border-primary", "border-2");
  });

  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("[data-drop-status]");
    if (zone && !zone.contains(event.relatedTarget)) {
      zone.classList.remove("border-primary", "border-2");
    }
  });

  document.addEventListener("drop", function (event) {
    var zone = dragged && event.target.closest && event.target.closest("[data-drop-status]");
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("border-primary", "border-2");
    move(dragged, zone.getAttribute("data-drop-status"));
  });

  // --- the card's own forms (keyboard, phone) ----------------------------------------------

  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-card-form]");
    if (!form || !window.fetch || !window.FormData) { return; }
    var card = form.closest(".board-card");
    if (!card) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    post(form.action, new FormData(form), form).then(function (answer) {
      if (button) { button.disabled = false; }
      handle(card, answer, true);
    });
  });

  // --- the project form: the lead organisation only for a partner's role --------------------

  function toggleDependants() {
    document.querySelectorAll("[data-show-when]").forEach(function (box) {
      var rule = box.getAttribute("data-show-when").split("=");
      var chosen = document.querySelector('input[name="' + rule[0] + '"]:checked');
      box.hidden = !chosen || chosen.value !== rule[1];
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=radio]")) { toggleDependants(); }
  });
  document.addEventListener("DOMContentLoaded", toggleDependants);
}());
