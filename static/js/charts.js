// Our Chart.js helpers (no third-party plugin): colours taken from the page's own badges,
// category labels wrapped onto several lines instead of cut, and a plugin that prints each
// bar's value (the text the server formatted, "99,6 %") next to or inside the bar.
// Every text the plugin prints is listed on the canvas (data-printed), with how many did
// not fit inside it (data-outside): the browser tests read both.
(function () {
  "use strict";

  const FALLBACK = {
    primary: ["#0d6efd", "#ffffff"],
    success: ["#198754", "#ffffff"],
    warning: ["#ffc107", "#000000"],
    danger: ["#dc3545", "#ffffff"],
    secondary: ["#6c757d", "#ffffff"],
  };
  const found = {};

  function luminance(colour) {
    const parts = colour.match(/[\d.]+/g);
    if (!parts || parts.length < 3) return 1;
    const [r, g, b] = parts.slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }

  function rgb(hex) {
    const n = parseInt(hex.slice(1), 16);
    return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
  }

  // The fill and the text colour of the badge named `name` (text-bg-success...), as the
  // page's stylesheet draws it, and a border that stands out from the white page (3:1).
  function colour(name) {
    if (found[name]) return found[name];
    const probe = document.createElement("span");
    probe.className = `badge text-bg-${name}`;
    probe.hidden = false;
    probe.setAttribute("aria-hidden", "true");
    probe.textContent = "x";
    probe.style.position = "absolute";
    probe.style.left = "-9999px";
    document.body.appendChild(probe);
    const style = getComputedStyle(probe);
    let fill = style.backgroundColor;
    let text = style.color;
    probe.remove();
    if (!fill || fill === "rgba(0, 0, 0, 0)" || fill === "transparent") {
      const [f, t] = FALLBACK[name] || FALLBACK.secondary;
      fill = rgb(f);
      text = rgb(t);
    }
    const page = "rgb(255, 255, 255)";
    found[name] = { fill, text, border: contrast(fill, page) >= 3 ? fill : text };
    return found[name];
  }

  function setUp() {
    const body = getComputedStyle(document.body);
    Chart.defaults.font.family = body.fontFamily;
    Chart.defaults.font.size = 13;
    Chart.defaults.color = body.color;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.plugins.legend.display = false; // the legend is the page's own badges
    return body.color;
  }

  const LINE = 17; // px per line of a label
  const THICKNESS = 22; // px: a bar's thickness when its label is above it

  const measurer = document.createElement("canvas").getContext("2d");

  function font(weight) {
    return `${weight || "normal"} ${Chart.defaults.font.size}px ${Chart.defaults.font.family}`;
  }

  function textWidth(text, weight) {
    measurer.font = font(weight);
    return measurer.measureText(text).width;
  }

  // `text` as lines no wider than `width` pixels, broken between words (a word longer than
  // the width keeps a line of its own rather than being cut).
  function wrap(text, width) {
    const lines = [];
    let line = "";
    for (const word of String(text).split(/\s+/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && textWidth(candidate) > width) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  // Where the bars of category `j` sit when its label is written above them: the label's
  // lines from the top of the category's band, the bar right beneath.
  function barCentre(chart, j) {
    const index = chart.scales.y;
    const n = chart.data.labels.length;
    const band = n > 1 ? Math.abs(index.getPixelForValue(1) - index.getPixelForValue(0)) : index.height;
    const lines = (chart.$wrapped && chart.$wrapped[j] ? chart.$wrapped[j].length : 1);
    return index.getPixelForValue(j) - band / 2 + lines * LINE + 4 + THICKNESS / 2;
  }

  // The plugin. spec: {texts: [[text per bar] per dataset], inside: print inside each
  // segment (stacked bars) rather than past the bar's end, totals: [text per category]
  // printed past the stack, targets: [value per category] marked across each bar,
  // targetLine: one value marked across the whole chart, labelsAbove: a horizontal chart
  // whose category labels (chart.$wrapped, lines) are written above their bar, across the
  // chart's whole width, instead of squeezed beside it}.
  function values(spec) {
    return {
      id: "cchcValues",
      afterDatasetsUpdate(chart) {
        if (!spec.labelsAbove) return;
        chart.data.datasets.forEach((_dataset, i) => {
          chart.getDatasetMeta(i).data.forEach((bar, j) => {
            bar.y = barCentre(chart, j);
            bar.height = THICKNESS;
          });
        });
      },
      afterDatasetsDraw(chart) {
        const ctx = chart.ctx;
        const horizontal = chart.options.indexAxis === "y";
        const index = horizontal ? chart.scales.y : chart.scales.x;
        const scale = horizontal ? chart.scales.x : chart.scales.y;
        const area = chart.chartArea;
        const printed = [];
        let outside = 0;
        ctx.save();
        ctx.font = font("bold");
        ctx.textBaseline = "middle";

        function print(text, x, y, align, colourOfText) {
          if (!text) return;
          const width = ctx.measureText(text).width;
          const left = align === "left" ? x : align === "right" ? x - width : x - width / 2;
          if (left < 0 || left + width > chart.width || y < 0 || y > chart.height) outside += 1;
          ctx.fillStyle = colourOfText;
          ctx.textAlign = align;
          ctx.fillText(text, x, y);
          printed.push(text);
        }

        if (spec.targetLine != null) {
          const y = scale.getPixelForValue(spec.targetLine);
          ctx.strokeStyle = spec.ink;
          ctx.lineWidth = 1.5;
          ctx.setLineDash([6, 4]);
          ctx.beginPath();
          ctx.moveTo(area.left, y);
          ctx.lineTo(area.right, y);
          ctx.stroke();
          ctx.setLineDash([]);
        }

        const ends = [];
        chart.data.datasets.forEach((dataset, i) => {
          const meta = chart.getDatasetMeta(i);
          if (meta.hidden) return;
          meta.data.forEach((bar, j) => {
            const text = (spec.texts[i] || [])[j];
            const value = dataset.data[j];
            const at = spec.labelsAbove ? barCentre(chart, j) : index.getPixelForValue(j);
            if (value == null || Number.isNaN(bar.x) || Number.isNaN(bar.y)) {
              // No figure: its words ("không áp dụng") at the axis, where the bar would start.
              const zero = scale.getPixelForValue(0);
              if (horizontal) print(text, zero + 6, at, "left", spec.ink);
              else print(text, at, zero - 10, "center", spec.ink);
              return;
            }
            const p = bar.getProps(["x", "y", "base", "width", "height"], true);
            const end = horizontal ? Math.max(p.x, p.base) : Math.min(p.y, p.base);
            ends[j] = ends[j] == null ? end : horizontal ? Math.max(ends[j], end) : Math.min(ends[j], end);
            if (spec.inside) {
              const room = horizontal ? Math.abs(p.x - p.base) : Math.abs(p.y - p.base);
              const need = horizontal ? ctx.measureText(text).width + 6 : 18;
              if (value > 0 && room >= need) {
                const x = horizontal ? (p.x + p.base) / 2 : p.x;
                const y = horizontal ? p.y : (p.y + p.base) / 2;
                print(text, x, y, "center", spec.insideInk[i]);
              }
            } else if (horizontal) {
              print(text, end + 6, p.y, "left", spec.ink);
            } else {
              print(text, p.x, end - 10, "center", spec.ink);
            }
            const target = (spec.targets || [])[j];
            if (target != null) {
              const half = (horizontal ? p.height : p.width) / 2 + 4;
              const t = scale.getPixelForValue(target);
              ctx.strokeStyle = spec.ink;
              ctx.lineWidth = 2.5;
              ctx.beginPath();
              if (horizontal) {
                ctx.moveTo(t, p.y - half);
                ctx.lineTo(t, p.y + half);
              } else {
                ctx.moveTo(p.x - half, t);
                ctx.lineTo(p.x + half, t);
              }
              ctx.stroke();
            }
          });
        });
        (spec.totals || []).forEach((text, j) => {
          const at = spec.labelsAbove ? barCentre(chart, j) : index.getPixelForValue(j);
          const end = ends[j] == null ? scale.getPixelForValue(0) : ends[j];
          if (horizontal) print(text, end + 6, at, "left", spec.ink);
          else print(text, at, end - 10, "center", spec.ink);
        });
        if (spec.labelsAbove && chart.$wrapped) {
          ctx.font = font();
          ctx.fillStyle = spec.ink;
          ctx.textAlign = "left";
          ctx.textBaseline = "middle";
          chart.$wrapped.forEach((lines, j) => {
            const top = barCentre(chart, j) - THICKNESS / 2 - 4 - lines.length * LINE;
            lines.forEach((line, k) => {
              const width = ctx.measureText(line).width;
              if (area.left + width > chart.width) outside += 1;
              ctx.fillText(line, area.left, top + (k + 0.5) * LINE);
            });
          });
          chart.canvas.dataset.labels = JSON.stringify(chart.$wrapped.map((lines) => lines.join(" ")));
        }
        ctx.restore();
        chart.canvas.dataset.printed = JSON.stringify(printed);
        chart.canvas.dataset.outside = String(outside);
      },
    };
  }

  // Room past the longest bar for the longest printed text, so nothing is cut at the edge.
  function room(texts) {
    return Math.ceil(Math.max(0, ...texts.flat().filter(Boolean).map((t) => textWidth(t, "bold")))) + 12;
  }

  window.cchcCharts = { colour, setUp, wrap, values, room, textWidth, LINE, THICKNESS };
})();
