/* Opt-in interactive charts. Every dashboard chart arrives as SVG drawn on the server, so
   the page needs no script to show it and a first visit never pays for Plotly (4.8 MB).
   This script only adds an "Interactive chart" button to each chart; the first press
   loads Plotly once, from its content-named URL, and draws that chart from the figure
   JSON that sits beside it, with zoom and hover. "Static chart" puts the drawing back.
   Points that carry an address open the comments behind them, as the SVG's links do. */
(function () {
  "use strict";
  var self = document.querySelector("script[data-plotly]");
  var plotlySource = self && self.getAttribute("data-plotly");
  var loading = null;

  function loadPlotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = plotlySource;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () {
          loading = null;
          tag.parentNode.removeChild(tag);
          reject(new Error("Plotly did not load"));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function openOwnLink(event) {
    // Only this site's own addresses (one leading "/") are followed.
    var url = event.points && event.points[0] && event.points[0].customdata;
    if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
      window.location.assign(url);
    }
  }

  function label(button, text, title) {
    // The name starts with the words on the button (WCAG 2.5.3) and says which chart.
    button.textContent = text;
    button.setAttribute("aria-label", text + ": " + title);
  }

  function Chart(node) {
    this.node = node;
    this.target = document.getElementById(node.getAttribute("data-chart"));
    var section = this.target.closest("section");
    var heading = section && section.querySelector("h2");
    this.title = heading ? heading.textContent : "chart";
    this.drawing = null;
    this.button = document.createElement("button");
    this.button.type = "button";
    this.button.className = "button button-secondary chart-switch no-print";
    this.button.setAttribute("aria-controls", this.target.id);
    label(this.button, "Interactive chart", this.title);
    this.button.addEventListener("click", this.toggle.bind(this));
    this.target.parentNode.insertBefore(this.button, this.target);
  }

  Chart.prototype.toggle = function () {
    if (this.drawing) { this.restore(); } else { this.draw(); }
  };

  Chart.prototype.draw = function () {
    var chart = this;
    chart.button.disabled = true;
    label(chart.button, "Loading interactive chart", chart.title);
    loadPlotly().then(function (Plotly) {
      var figure = JSON.parse(chart.node.textContent);
      chart.svgs = Array.prototype.slice.call(chart.target.children);
      chart.svgs.forEach(function (svg) { chart.target.removeChild(svg); });
      chart.drawing = document.createElement("div");
      chart.drawing.className = "chart-interactive";
      chart.target.appendChild(chart.drawing);
      return Plotly.newPlot(chart.drawing, figure.data, figure.layout,
        { displaylogo: false, responsive: true });
    }).then(function () {
      chart.drawing.on("plotly_click", openOwnLink);
      chart.button.disabled = false;
      label(chart.button, "Static chart", chart.title);
    }, function () {
      if (chart.drawing) { chart.restore(); }
      chart.button.disabled = false;
      label(chart.button, "Interactive chart (it did not load: try again)", chart.title);
    });
  };

  Chart.prototype.restore = function () {
    var chart = this;
    if (window.Plotly) { window.Plotly.purge(chart.drawing); }
    chart.target.removeChild(chart.drawing);
    chart.drawing = null;
    chart.svgs.forEach(function (svg) { chart.target.appendChild(svg); });
    label(chart.button, "Interactive chart", chart.title);
  };

  Array.prototype.forEach.call(
    document.querySelectorAll('script[type="application/json"][data-chart]'),
    function (node) { if (document.getElementById(node.getAttribute("data-chart"))) { new Chart(node); } }
  );
})();
