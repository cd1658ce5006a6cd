// Puts the regenquote cost widget on a clinic's page with one line:
//
//   <script src="https://API-HOST/widget/embed.js" data-key="rq_pk_..." async></script>
//
// It inserts an iframe showing API-HOST/widget/ right after that script tag (or inside the
// element named by data-target, a CSS selector) and keeps the iframe as tall as the widget.
// Optional: data-key (a publishable key; without it the widget cannot save quotes, it may also
// be given as ?key= on the script's URL), data-therapy (a catalog code to preselect) and
// data-title (the iframe's accessible name) and data-lang (`es` or `en`; without it the widget
// follows the browser's language). Nothing here reads or changes the rest of the page.
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script) {
    // Very old browsers: the last matching script not yet handled.
    var all = document.querySelectorAll('script[src*="/widget/embed.js"]:not([data-rq-done])');
    script = all[all.length - 1];
  }
  if (!script || script.getAttribute('data-rq-done')) { return; }
  script.setAttribute('data-rq-done', 'true');

  var src = new URL(script.src, window.location.href);
  var query = new URLSearchParams();
  var key = script.getAttribute('data-key') || src.searchParams.get('key');
  var therapy = script.getAttribute('data-therapy') || src.searchParams.get('therapy');
  if (key) { query.set('key', key); }
  if (therapy) { query.set('therapy', therapy); }
  var lang = script.getAttribute('data-lang') || src.searchParams.get('lang');
  if (lang) { query.set('lang', lang); }
  var page = src.origin + '/widget/' + (query.toString() ? '?' + query.toString() : '');

  var frame = document.createElement('iframe');
  frame.src = page;
  frame.title = script.getAttribute('data-title') || 'Treatment cost estimate';
  frame.setAttribute('data-regenquote', 'widget');
  // Set through the style object, which a clinic's own Content-Security-Policy still allows.
  frame.style.display = 'block';
  frame.style.width = '100%';
  frame.style.maxWidth = '100%';
  frame.style.height = '720px';
  frame.style.border = '0';

  var target = script.getAttribute('data-target');
  var host = target && document.querySelector(target);
  if (host) {
    host.appendChild(frame);
  } else {
    script.parentNode.insertBefore(frame, script.nextSibling);
  }

  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== src.origin) { return; }
    var data = event.data;
    if (data && data.type === 'regenquote:height' && typeof data.height === 'number' && data.height > 0) {
      frame.style.height = Math.min(Math.ceil(data.height), 20000) + 'px';
    }
  });
}());
