// Charts of the CCHC dashboard, drawn from the figures of the tables beside them (the page's
// "dashboard-data" json_script, built by reports/charts.py): full labels wrapped onto
// several lines, each value printed as the server wrote it, colours taken from the badges.
// A chart the server marked empty has no canvas: the page says "Chưa có dữ liệu" instead.
(function () {
  "use strict";
  const source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const charts = window.cchcCharts;
  const ink = charts.setUp();
  const lang = document.documentElement.lang || "vi";
  const percentTicks = { callback: (v) => v + data.percent, maxTicksLimit: 6 };
  const countTicks = { precision: 0, callback: (v) => Number(v).toLocaleString(lang) };
  const LINE = 17;

  // A horizontal bar chart sized to its labels: each label wrapped to at most 42% of the
  // chart's width, the chart as tall as its rows. Done again whenever the width changes.
  function fitHorizontal(chart, labels, box) {
    const width = box.clientWidth;
    if (!width || width === chart.$fittedWidth) return;
    chart.$fittedWidth = width;
    const labelWidth = Math.max(90, Math.min(300, width * 0.42));
    chart.data.labels = labels.map((label) => charts.wrap(label, labelWidth));
    const lines = Math.max(1, ...chart.data.labels.map((l) => l.length));
    const row = Math.max(lines * LINE + 14, 36);
    box.style.height = `${labels.length * row + 44}px`;
    chart.update("none");
  }

  function horizontal(canvas, labels, datasets, spec, scales, tooltip) {
    const box = canvas.parentElement;
    box.style.height = `${labels.length * 40 + 44}px`;
    const chart = new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: "y",
        responsive: true,
        layout: { padding: { right: charts.room([spec.texts, spec.totals || []]), top: 4 } },
        scales: scales,
        plugins: { tooltip: tooltip },
        onResize: (c) => fitHorizontal(c, labels, box),
      },
      plugins: [charts.values({ ink: ink, ...spec })],
    });
    fitHorizontal(chart, labels, box);
    return chart;
  }

  // Attainment of each percentage target: a bar per target, green when met, red when
  // below; the target marked across the bar; the value printed past its end.
  const attainment = document.getElementById("chart-attainment");
  if (attainment) {
    const a = data.attainment;
    const colours = a.colours.map(charts.colour);
    horizontal(
      attainment,
      a.labels,
      [
        {
          label: data.words.attainment,
          data: a.values,
          backgroundColor: colours.map((c) => c.fill),
          borderColor: colours.map((c) => c.border),
          borderWidth: 1,
          maxBarThickness: 26,
        },
      ],
      { texts: [a.texts], targets: a.targets },
      {
        x: { min: 0, max: 100, ticks: percentTicks },
        y: { ticks: { autoSkip: false } },
      },
      { callbacks: { label: (item) => a.texts[item.dataIndex] } },
    );
  }

  // The trend of each percentage target: one small chart per target, a column per period.
  document.querySelectorAll("canvas[data-trend]").forEach((canvas) => {
    const s = data.trend.series[Number(canvas.dataset.trend)];
    const colours = s.colours.map(charts.colour);
    const periods = data.trend.periods;
    const box = canvas.parentElement;
    box.style.height = "240px";
    const chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: periods,
        datasets: [
          {
            label: s.label,
            data: s.values,
            backgroundColor: colours.map((c) => c.fill),
            borderColor: colours.map((c) => c.border),
            borderWidth: 1,
            maxBarThickness: 56,
          },
        ],
      },
      options: {
        responsive: true,
        layout: { padding: { top: 24 } },
        scales: {
          y: { min: 0, max: 100, ticks: percentTicks },
          x: { ticks: { autoSkip: false, maxRotation: 0 } },
        },
        plugins: { tooltip: { callbacks: { label: (item) => s.texts[item.dataIndex] } } },
        onResize: (c, size) => {
          const each = Math.max(40, size.width / Math.max(1, periods.length) - 10);
          c.data.labels = periods.map((p) => charts.wrap(p, each));
        },
      },
      plugins: [charts.values({ ink: ink, texts: [s.texts], targetLine: s.target })],
    });
    const each = Math.max(40, chart.chartArea.width / Math.max(1, periods.length) - 10);
    chart.data.labels = periods.map((p) => charts.wrap(p, each));
    chart.update("none");
  });

  // Initiatives per CCHC area, stacked by status in the colours of the status badges;
  // each part's count inside it where it fits, the area's total past the bar.
  const areas = document.getElementById("chart-areas");
  if (areas) {
    const a = data.areas;
    const colours = a.series.map((s) => charts.colour(s.colour));
    horizontal(
      areas,
      a.labels,
      a.series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: colours[i].fill,
        borderColor: colours[i].border,
        borderWidth: 1,
        maxBarThickness: 26,
      })),
      {
        texts: a.series.map((s) => s.texts),
        inside: true,
        insideInk: colours.map((c) => c.text),
        totals: a.total_texts,
      },
      {
        x: { stacked: true, beginAtZero: true, ticks: countTicks },
        y: { stacked: true, ticks: { autoSkip: false } },
      },
      {
        callbacks: {
          label: (item) => `${item.dataset.label}: ${a.series[item.datasetIndex].texts[item.dataIndex]}`,
        },
      },
    );
  }
})();
