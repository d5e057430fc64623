// Charts of the CCHC dashboard, drawn from the figures of the tables beside them.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const palette = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#ffc107"];
  const percent = { min: 0, max: 100, ticks: { callback: (v) => v + "%" } };

  new Chart(document.getElementById("chart-attainment"), {
    type: "bar",
    data: {
      labels: data.attainment.labels,
      datasets: [
        { label: data.words.attainment, data: data.attainment.values, backgroundColor: data.attainment.colours },
        { label: data.words.target, data: data.attainment.targets, type: "line", showLine: false, pointStyle: "line", pointRadius: 14, borderColor: "#212529", borderWidth: 3 },
      ],
    },
    options: { indexAxis: "y", scales: { x: percent }, plugins: { legend: { position: "bottom" } } },
  });

  new Chart(document.getElementById("chart-trend"), {
    type: "line",
    data: {
      labels: data.trend.labels,
      datasets: data.trend.series.map((s, i) => ({ label: s.label, data: s.values, borderColor: palette[i % palette.length], spanGaps: true })),
    },
    options: { scales: { y: percent }, plugins: { legend: { position: "bottom" } } },
  });

  new Chart(document.getElementById("chart-areas"), {
    type: "bar",
    data: {
      labels: data.areas.labels,
      datasets: data.areas.series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: palette[i % palette.length] })),
    },
    options: { indexAxis: "y", scales: { x: { stacked: true }, y: { stacked: true } }, plugins: { legend: { position: "bottom" } } },
  });
})();
