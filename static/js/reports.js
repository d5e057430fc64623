// The periodic report form: each target's percentage computed as the figures are typed,
// compared with the target, and marked when below it. The server computes the same on save.
(function () {
  "use strict";
  const lang = document.documentElement.lang || "vi";
  const words = lang === "vi"
    ? { na: "không áp dụng", ok: "đạt chỉ tiêu", low: "dưới chỉ tiêu", over: "tử số lớn hơn mẫu số" }
    : { na: "not applicable", ok: "meets the target", low: "below target", over: "more than the total" };
  const format = (value) => value.toLocaleString(lang, { maximumFractionDigits: 2 });

  function meets(comparator, value, target) {
    if (comparator === "gte") return value >= target;
    if (comparator === "lte") return value <= target;
    return value === target;
  }

  function update(row) {
    const inputs = row.querySelectorAll("input");
    const result = row.querySelector("[data-result]");
    const verdict = row.querySelector("[data-verdict]");
    const numerator = inputs[0].value === "" ? null : Number(inputs[0].value);
    const denominator = inputs[1] ? (inputs[1].value === "" ? null : Number(inputs[1].value)) : null;
    const target = Number(row.dataset.target);
    let value = null;
    verdict.className = "small";
    row.classList.remove("table-danger");
    if (row.dataset.measure === "count") {
      value = numerator;
    } else if (numerator !== null && denominator !== null) {
      if (denominator === 0) {
        result.textContent = "";
        verdict.textContent = words.na;
        verdict.classList.add("text-muted");
        return;
      }
      if (numerator > denominator) {
        result.textContent = "";
        verdict.textContent = words.over;
        verdict.classList.add("text-danger");
        return;
      }
      value = Math.round((numerator * 10000) / denominator) / 100;
    }
    if (value === null || Number.isNaN(value)) {
      result.textContent = "";
      verdict.textContent = "";
      return;
    }
    result.textContent = format(value) + (row.dataset.measure === "count" ? "" : "%");
    const ok = meets(row.dataset.comparator, value, target);
    verdict.textContent = ok ? words.ok : words.low;
    verdict.classList.add(ok ? "text-success" : "text-danger");
    row.classList.toggle("table-danger", !ok);
  }

  document.querySelectorAll("tr[data-figure]").forEach((row) => {
    row.querySelectorAll("input").forEach((input) => input.addEventListener("input", () => update(row)));
    update(row);
  });
})();
