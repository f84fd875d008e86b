// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // The main menu as a disclosure on small screens (CSS folds it only once this ran: data-menu-ready).
  // Escape closes it and gives focus back to the button.
  document.querySelectorAll("[data-menu]").forEach(function (nav) {
    var toggle = nav.querySelector("[data-menu-toggle]");
    if (!toggle) { return; }
    toggle.hidden = false;
    nav.setAttribute("data-menu-ready", "");
    function set(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { nav.setAttribute("data-menu-open", ""); } else { nav.removeAttribute("data-menu-open"); }
    }
    toggle.addEventListener("click", function () { set(toggle.getAttribute("aria-expanded") !== "true"); });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        set(false);
        toggle.focus();
      }
    });
  });
  // Long filter forms (details[data-fold-on-phone], open in the HTML) fold on a phone so the results are in view;
  // a form with an error stays open, and the form opens again when the screen gets wide.
  var phone = window.matchMedia("(max-width: 47.99em)");
  document.querySelectorAll("details[data-fold-on-phone]").forEach(function (fold) {
    var section = fold.parentElement;
    if (phone.matches && !section.querySelector("[role=alert], [data-error-summary], [aria-invalid=true]")) {
      fold.open = false;
    }
    phone.addEventListener("change", function (event) { if (!event.matches) { fold.open = true; } });
  });
  // Move focus to the error summary after a failed submit, so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // Buttons with data-confirm ask before submitting their form.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // A form that creates something (it carries a one-time submission key) is sent once: a second
  // click while sending does nothing and the button is disabled. The server checks the key anyway.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.querySelector("[data-submission-key]")) { return; }
    if (form.dataset.sending) { event.preventDefault(); return; }
    form.dataset.sending = "true";
    var button = event.submitter;
    // after this event, so that the button's own name and value are still sent
    window.setTimeout(function () {
      if (button) { button.disabled = true; button.setAttribute("aria-disabled", "true"); }
    }, 0);
  });
  // A visible character counter under every text field with a limit (data-max-chars). The limit is
  // also in the help text and checked on the server: nothing is cut off.
  document.querySelectorAll("[data-max-chars]").forEach(function (field) {
    var limit = parseInt(field.getAttribute("data-max-chars"), 10);
    if (!limit) { return; }
    var counter = document.createElement("p");
    counter.className = "utrecht-form-field-description char-counter";
    counter.id = field.id + "-teller";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var left = limit - field.value.length;
      counter.textContent = left >= 0
        ? "Nog " + left + " van " + limit + " tekens"
        : (-left) + " tekens te veel (hoogstens " + limit + ")";
      counter.classList.toggle("char-counter--over", left < 0);
    }
    field.addEventListener("input", update);
    update();
  });
  // Back to a page from the browser's cache: its forms can be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
      form.querySelectorAll("[aria-disabled=true]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();
