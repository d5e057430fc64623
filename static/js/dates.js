// Under each date picker, the chosen day written day first with its weekday ("Thứ Sáu,
// 05/06/2026"). A browser set to US English shows <input type="date"> month first
// (mm/dd/yyyy) whatever the page's language, so a day typed there by habit would swap day
// and month without a word; the read-back makes the chosen day plain before saving.
(function () {
  "use strict";
  const lang = document.documentElement.lang || "vi";
  const weekdays = lang === "vi"
    ? ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"]
    : ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const SELECTOR = 'input[type="date"]';

  function readBack(input) {
    let hint = input.nextElementSibling;
    if (!hint || !hint.hasAttribute("data-date-readback")) {
      hint = document.createElement("div");
      hint.className = "form-text";
      hint.setAttribute("data-date-readback", "");
      hint.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", hint);
    }
    const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value);
    if (!parts) {
      hint.textContent = "";
      return;
    }
    const day = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
    hint.textContent = weekdays[day.getUTCDay()] + ", " + parts[3] + "/" + parts[2] + "/" + parts[1];
  }

  function scan(root) {
    if (root.matches && root.matches(SELECTOR)) readBack(root);
    if (root.querySelectorAll) root.querySelectorAll(SELECTOR).forEach(readBack);
  }

  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.matches && event.target.matches(SELECTOR)) readBack(event.target);
    });
  });
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  // Forms that htmx brings into the page.
  document.addEventListener("htmx:load", function (event) { scan(event.detail.elt); });
})();
