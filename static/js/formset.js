/* Step tables: "Ajouter des lignes" adds one empty row in place instead of reloading the page.
   Without JavaScript the button posts the form and the server adds empty rows: this is only a shortcut. */
(function () {
  "use strict";

  function addRow(prefix) {
    var template = document.getElementById("modele-ligne-" + prefix);
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var body = document.querySelector('table[data-formset="' + prefix + '"] tbody');
    if (!template || !total || !body) {
      return false;
    }
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__numero__/g, String(index + 1));
    var holder = document.createElement("tbody");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    row.id = "ligne-" + prefix + "-" + (index + 1);
    body.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), select");
    if (first) {
      first.focus();
    }
    return true;
  }

  /* A section of a step of several tables (the four dwelling tables): unticked, its table is hidden and, when the
     user unticks it, a warning says its rows will be removed on saving. */
  function showSection(box, warn) {
    var prefix = box.getAttribute("data-section-toggle");
    var table = document.querySelector('[data-section="' + prefix + '"]');
    var warning = document.querySelector('[data-section-warning="' + prefix + '"]');
    if (table) {
      table.hidden = !box.checked;
    }
    if (warning) {
      warning.hidden = box.checked || !warn;
    }
  }

  document.querySelectorAll("[data-section-toggle]").forEach(function (box) {
    showSection(box, false);
  });

  document.addEventListener("change", function (event) {
    var box = event.target.closest("[data-section-toggle]");
    if (box) {
      showSection(box, true);
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (button && addRow(button.getAttribute("data-formset-add"))) {
      event.preventDefault();
    }
  });
})();
