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
})();
