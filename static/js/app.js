// Small behaviours shared by every page, bound by data attributes: the Content-Security-Policy
// allows no inline script, so no page carries onclick="..." or <script> blocks.
(function () {
  "use strict";

  // <input type="checkbox" data-check-all="items">: ticks or clears every input[name=items].
  document.addEventListener("change", function (event) {
    const box = event.target.closest("[data-check-all]");
    if (!box) return;
    const name = box.getAttribute("data-check-all");
    box.form.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
      input.checked = box.checked;
    });
  });

  // <select data-split-into="year period">: a value "2024-q1" fills the named fields.
  document.addEventListener("change", function (event) {
    const select = event.target.closest("[data-split-into]");
    if (!select) return;
    const names = select.getAttribute("data-split-into").split(" ");
    const parts = select.value.split("-");
    names.forEach(function (name, index) {
      select.form.elements[name].value = parts[index];
    });
  });

  // <input data-filter-rows="table-id">: shows only the body rows of that table whose text
  // (and data-filter-text) holds every word typed, accents ignored; a heading row
  // (data-group-heading) shows while one of the rows after it does. Enter does not submit.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  document.addEventListener("input", function (event) {
    const input = event.target.closest("[data-filter-rows]");
    if (!input) return;
    const table = document.getElementById(input.getAttribute("data-filter-rows"));
    if (!table) return;
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let heading = null;
    let shown = false;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      if (row.hasAttribute("data-group-heading")) {
        if (heading) heading.hidden = !shown;
        heading = row;
        shown = false;
        return;
      }
      const text = fold(row.textContent + " " + (row.getAttribute("data-filter-text") || ""));
      const match = words.every(function (word) { return text.includes(word); });
      row.hidden = !match;
      shown = shown || match;
    });
    if (heading) heading.hidden = !shown;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.closest("[data-filter-rows]")) event.preventDefault();
  });
})();
