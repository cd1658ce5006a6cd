// The quote widget's form: reads the catalog, offers only the options each therapy accepts,
// asks the API for the estimate, coverage answer and nearest centers, and saves a quote when the
// embedding page gave a publishable key. Rendering the answers is in results.js.
// Every value shown comes from the API; money arrives as integer cents.
(function () {
  'use strict';

  var rq = window.regenquote;
  var el = rq.el;
  var params = new URLSearchParams(window.location.search);
  var publishableKey = params.get('key') || '';
  var wanted = params.get('therapy') || '';

  var therapies = {};
  var started = false;
  var sequence = 0;
  var timer = null;
  var lastQuoteBody = null;
  var lastQuoteKey = null;

  var CELL_SOURCES = {
    bone_marrow: rq.t('bone_marrow'),
    adipose: rq.t('adipose'),
    umbilical_cord: rq.t('umbilical_cord')
  };

  function $(id) { return document.getElementById(id); }

  function options(select, items) {
    select.replaceChildren.apply(select, items.map(function (item) {
      return el('option', { value: String(item[0]) }, item[1]);
    }));
  }

  function counted(max) {
    var items = [];
    for (var n = 1; n <= max; n += 1) { items.push([n, String(n)]); }
    return items;
  }

  function priced(entry) {
    return entry && entry.cash_price && entry.cash_price.status === 'priced' ? entry.cash_price : null;
  }

  // Rebuilds the option controls for the chosen therapy from its catalog entry.
  function showTherapyOptions() {
    var entry = therapies[$('rq-therapy').value];
    var price = priced(entry);
    $('rq-joints-field').hidden = !price || price.max_joints < 2;
    $('rq-sessions-field').hidden = !price || price.max_sessions < 2;
    $('rq-cell-source-field').hidden = !price || price.cell_sources.length === 0;
    $('rq-add-ons-field').hidden = !price || price.add_ons.length === 0;
    if (!price) { return; }
    var perKnee = /per knee/.test(price.base.description);
    $('rq-joints-field').querySelector('label').textContent = perKnee ? rq.t('knees') : rq.t('joints');
    options($('rq-joints'), counted(price.max_joints));
    options($('rq-sessions'), counted(price.max_sessions));
    options($('rq-cell-source'), [['', rq.t('no_preference')]].concat(price.cell_sources.map(function (c) {
      return [c.cell_source, CELL_SOURCES[c.cell_source] || c.cell_source.replace(/_/g, ' ')];
    })));
    var defaults = price.default_add_ons || [];
    var boxes = [];
    var included = [];
    price.add_ons.forEach(function (offer) {
      if (offer.pricing === 'included') { included.push(offer.label); return; }
      var id = 'rq-add-on-' + offer.add_on;
      var input = el('input', { type: 'checkbox', id: id, name: 'add_ons', value: offer.add_on });
      input.checked = defaults.indexOf(offer.add_on) !== -1;
      var text = el('span', null, offer.label);
      if (offer.pricing === 'unpriced') {
        text.appendChild(el('small', null, rq.t('unpriced_add_on')));
      }
      if (offer.pricing === 'as_therapy' && therapies[offer.therapy]) {
        text.appendChild(el('small', null, rq.t('priced_as', { name: therapies[offer.therapy].name })));
      }
      boxes.push(el('label', { 'class': 'rq-check', 'for': id }, [input, text]));
    });
    $('rq-add-ons').replaceChildren.apply($('rq-add-ons'), boxes);
    $('rq-included').hidden = included.length === 0;
    $('rq-included').textContent = rq.t('included', { list: included.join(', ') });
  }

  // The estimate body for the current choices, or null for a therapy with no cash price.
  function estimateBody() {
    var code = $('rq-therapy').value;
    if (!priced(therapies[code])) { return null; }
    var body = {
      therapy: code,
      joints: Number($('rq-joints').value || 1),
      sessions: Number($('rq-sessions').value || 1),
      add_ons: Array.prototype.map.call(
        document.querySelectorAll('#rq-add-ons input:checked'), function (box) { return box.value; }),
      zip: $('rq-zip').value.trim()
    };
    if ($('rq-cell-source').value) { body.cell_source = $('rq-cell-source').value; }
    return body;
  }

  function clearFieldErrors() {
    Array.prototype.forEach.call(document.querySelectorAll('.rq-error'), function (p) {
      p.hidden = true;
      p.textContent = '';
    });
    Array.prototype.forEach.call(document.querySelectorAll('[aria-invalid]'), function (c) {
      c.removeAttribute('aria-invalid');
    });
    $('rq-form-problem').hidden = true;
  }

  // Puts each of a problem's field errors beside its control; returns whether any was placed.
  function showFieldErrors(problem) {
    var placed = false;
    (problem && problem.errors || []).forEach(function (e) {
      var name = String(e.field || '').replace(/^\//, '').split(/[/.[]/)[0].replace(/_/g, '-');
      var slot = name && $('rq-' + name + '-error');
      if (!slot) { return; }
      slot.textContent = e.detail || rq.t('check_value');
      slot.hidden = false;
      var control = $('rq-' + name) || $('rq-' + name + '-field');
      if (control) { control.setAttribute('aria-invalid', 'true'); }
      placed = true;
    });
    return placed;
  }

  function zipIsValid() {
    if (/^[0-9]{5}$/.test($('rq-zip').value.trim())) { return true; }
    showFieldErrors({ errors: [{ field: 'zip', detail: rq.t('zip_error') }] });
    return false;
  }

  function update(fromSubmit) {
    clearFieldErrors();
    if (!zipIsValid()) {
      if (fromSubmit) { $('rq-zip').focus(); }
      return;
    }
    started = true;
    var mine = ++sequence;
    var current = function () { return mine === sequence; };
    var code = $('rq-therapy').value;
    var body = estimateBody();
    var results = $('rq-results');
    results.setAttribute('aria-busy', 'true');
    $('rq-save').hidden = true;
    $('rq-save-body').replaceChildren();

    var estimate = body
      ? rq.api('POST', '/v1/estimates', body).then(function (res) {
        if (!current()) { return; }
        if (!res.ok && showFieldErrors(res.problem) && fromSubmit) {
          var invalid = document.querySelector('[aria-invalid="true"]');
          if (invalid && invalid.focus) { invalid.focus(); }
        }
        rq.showEstimate(res);
        $('rq-save').hidden = !(res.ok && publishableKey);
      })
      : Promise.resolve(current() && rq.showNoCashPrice(therapies[code]));
    var coverage = rq.api('GET', '/v1/coverage?' + new URLSearchParams({
      therapy: code, payer: $('rq-payer').value
    })).then(function (res) { if (current()) { rq.showCoverage(res); } });
    var centers = rq.api('GET', '/v1/centers?' + new URLSearchParams({
      // The widest radius: the directory is small, and a far center beats none.
      zip: body ? body.zip : $('rq-zip').value.trim(), therapy: code, radius_miles: '500', limit: '5'
    })).then(function (res) {
      if (!current()) { return; }
      if (res.status === 422) { showFieldErrors(res.problem); }
      rq.showCenters(res);
    });
    Promise.all([estimate, coverage, centers]).then(function () {
      if (current()) { results.removeAttribute('aria-busy'); }
    });
  }

  // Changes re-price at once after the first estimate, so the patient sees prices move.
  function scheduleUpdate() {
    if (!started) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { update(false); }, 250);
  }

  function newIdempotencyKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  function saveQuote() {
    var body = estimateBody();
    if (!body || !publishableKey) { return; }
    var serialized = JSON.stringify(body);
    // The same choices keep their key, so a retried save cannot create a second quote.
    if (serialized !== lastQuoteBody) {
      lastQuoteBody = serialized;
      lastQuoteKey = newIdempotencyKey();
    }
    var button = $('rq-save-button');
    button.disabled = true;
    $('rq-save-body').replaceChildren(el('p', { 'class': 'rq-small' }, rq.t('saving')));
    rq.api('POST', '/v1/quotes', body, {
      Authorization: 'Bearer ' + publishableKey,
      'Idempotency-Key': lastQuoteKey
    }).then(function (res) {
      button.disabled = false;
      rq.showQuote(res);
    });
  }

  function start(catalog) {
    var list = catalog.therapies || [];
    list.forEach(function (t) { therapies[t.code] = t; });
    options($('rq-therapy'), list.map(function (t) {
      return [t.code, priced(t) ? t.name : t.name + rq.t('no_cash_price_suffix')];
    }));
    if (wanted && therapies[wanted]) { $('rq-therapy').value = wanted; }
    showTherapyOptions();
    var book = catalog.price_book || {};
    $('rq-footer').textContent = rq.t('footer', {
      version: book.version || '',
      from: book.effective_from || '?',
      to: book.effective_to || '?'
    });
    $('rq-loading').hidden = true;
    $('rq-form').hidden = false;
  }

  // The page's fixed words (`data-t` names each) in the widget's language.
  function translatePage() {
    document.documentElement.lang = rq.lang;
    document.title = rq.t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (node) {
      node.textContent = rq.t(node.getAttribute('data-t'));
    });
  }

  function init() {
    translatePage();
    var form = $('rq-form');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      update(true);
    });
    $('rq-therapy').addEventListener('change', showTherapyOptions);
    form.addEventListener('change', scheduleUpdate);
    $('rq-zip').addEventListener('input', function () {
      if (/^[0-9]{5}$/.test($('rq-zip').value.trim())) { scheduleUpdate(); }
    });
    $('rq-save-button').addEventListener('click', saveQuote);
    rq.reportHeight();
    rq.api('GET', '/v1/therapies').then(function (res) {
      if (res.ok && res.data && res.data.therapies) {
        start(res.data);
      } else {
        $('rq-loading').textContent = rq.t('list_failed', { problem: rq.problemText(res) });
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
