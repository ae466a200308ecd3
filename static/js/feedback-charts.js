// Regionas: the bar charts of a feedback summary (mokymai/feedback_summary.html). The
// numbers come from the page's json_script element (no inline script: the CSP forbids
// it); the table under the charts shows the same numbers to those who cannot see them.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("feedback-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var byKey = {};
    data.questions.forEach(function (question) { byKey[question.key] = question; });
    var style = getComputedStyle(document.documentElement);
    var colour = style.getPropertyValue("--bs-primary").trim() || "#0d6efd";
    var text = style.getPropertyValue("--bs-body-color").trim() || "#212529";
    document.querySelectorAll("canvas.feedback-chart").forEach(function (canvas) {
      var question = byKey[canvas.getAttribute("data-question")];
      if (!question || window.Chart.getChart(canvas)) { return; }
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.scale,
          datasets: [{label: question.label, data: question.counts, backgroundColor: colour,
                      borderRadius: 3, maxBarThickness: 48}]
        },
        options: {
          animation: false,
          responsive: true,
          aspectRatio: 2,
          plugins: {legend: {display: false}},
          scales: {
            x: {ticks: {color: text}, grid: {display: false}},
            y: {beginAtZero: true, ticks: {precision: 0, color: text}}
          }
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
