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

  // A horizontal bar chart whose labels are written whole above their bars, wrapped to the
  // chart's width, the chart as tall as its rows. Done again whenever the width changes.
  function fitHorizontal(chart, labels, box) {
    const width = box.clientWidth;
    if (!width || width === chart.$fittedWidth) return;
    chart.$fittedWidth = width;
    chart.$wrapped = labels.map((label) => charts.wrap(label, width - 8));
    const lines = Math.max(1, ...chart.$wrapped.map((l) => l.length));
    const row = lines * charts.LINE + 4 + charts.THICKNESS + 14;
    box.style.height = `${labels.length * row + 34}px`;
    chart.update("none");
  }

  function horizontal(canvas, labels, datasets, spec, x, tooltip) {
    const box = canvas.parentElement;
    box.style.height = `${labels.length * 60 + 34}px`;
    // Room past the bars for the values printed there (a missing figure's words are
    // printed from the axis, inside the chart).
    const past = [spec.totals || []].concat(
      spec.inside ? [] : spec.texts.map((texts, i) => texts.filter((_t, j) => datasets[i].data[j] != null)),
    );
    const chart = new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: "y",
        responsive: true,
        layout: { padding: { right: charts.room(past), left: 2 } },
        scales: { x: { ...x, grid: { drawOnChartArea: false } }, y: { display: false, stacked: !!spec.inside } },
        plugins: { tooltip: tooltip },
        onResize: (c) => fitHorizontal(c, labels, box),
      },
      plugins: [charts.values({ ink: ink, labelsAbove: true, ...spec })],
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
        },
      ],
      { texts: [a.texts], targets: a.targets },
      { min: 0, max: 100, ticks: percentTicks },
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
      })),
      {
        texts: a.series.map((s) => s.texts),
        inside: true,
        insideInk: colours.map((c) => c.text),
        totals: a.total_texts,
      },
      { stacked: true, beginAtZero: true, ticks: countTicks },
      {
        callbacks: {
          label: (item) => `${item.dataset.label}: ${a.series[item.datasetIndex].texts[item.dataIndex]}`,
        },
      },
    );
  }
})();
