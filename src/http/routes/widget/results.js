// The quote widget's answers: calls the API, turns problem+json errors into words, formats
// integer cents as dollars, and shows the estimate, financing, coverage, centers and saved quote.
// Text from the API is always set as text, never parsed as HTML.
(function () {
  'use strict';

  function $(id) { return document.getElementById(id); }

  // A new element with attributes and children (strings become text).
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    [].concat(children === undefined || children === null ? [] : children).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Integer cents as US dollars: 500000 -> "$5,000", 1023861 -> "$10,238.61".
  function dollars(cents) {
    var n = Math.round(Number(cents));
    if (!isFinite(n)) { return 'an unknown amount'; }
    var sign = n < 0 ? '-' : '';
    n = Math.abs(n);
    var whole = String(Math.floor(n / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    var rest = n % 100;
    return sign + '$' + whole + (rest === 0 ? '' : '.' + (rest < 10 ? '0' : '') + rest);
  }

  // Calls the API on this page's origin. Resolves (never rejects) to
  // {ok, status, data, problem}; `problem` is the problem+json body or one made up in words.
  function api(method, path, body, headers) {
    var init = { method: method, headers: { Accept: 'application/json' }, credentials: 'omit' };
    Object.keys(headers || {}).forEach(function (name) { init.headers[name] = headers[name]; });
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return window.fetch(path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (res.ok) { return { ok: true, status: res.status, data: data }; }
        var problem = data && typeof data === 'object' ? data : {};
        if (!problem.detail) {
          problem.detail = 'The service answered with an error (HTTP ' + res.status + ').';
        }
        return { ok: false, status: res.status, problem: problem };
      });
    }, function () {
      return {
        ok: false,
        status: 0,
        problem: { detail: 'The pricing service could not be reached. Check your connection and try again.' }
      };
    });
  }

  // A problem in words: its detail, and each field error not already in the detail.
  function problemText(res) {
    var p = (res && res.problem) || {};
    var parts = [p.detail || 'Something went wrong.'];
    (p.errors || []).forEach(function (e) {
      var line = (e.field ? e.field + ': ' : '') + (e.detail || '');
      if (parts[0].indexOf(e.detail) === -1) { parts.push(line); }
    });
    return parts.join(' ');
  }

  function section(name, children) {
    $('rq-' + name + '-body').replaceChildren.apply($('rq-' + name + '-body'), children);
    $('rq-' + name).hidden = false;
  }

  function problemParagraph(res) {
    return el('p', { 'class': 'rq-problem' }, problemText(res));
  }

  function range(low, high) {
    return low === high ? dollars(low) : dollars(low) + ' to ' + dollars(high);
  }

  function showEstimate(res) {
    $('rq-financing').hidden = true;
    if (!res.ok) {
      section('estimate', [problemParagraph(res)]);
      return;
    }
    var e = res.data;
    var rows = e.lines.map(function (line) {
      var amount = line.priced === false ? 'No published price'
        : line.included_in ? 'Included in the price above' : range(line.low_cents, line.high_cents);
      var what = line.quantity > 1 ? line.description + ' \u00d7 ' + line.quantity : line.description;
      return el('tr', null, [el('td', null, what), el('td', { 'class': 'rq-money' }, amount)]);
    });
    var table = el('table', { 'class': 'rq-lines' }, [
      el('caption', null, 'What the price is made of'),
      el('thead', null, el('tr', null, [
        el('th', { scope: 'col' }, 'Item'),
        el('th', { scope: 'col', 'class': 'rq-money' }, 'Price range')
      ])),
      el('tbody', null, rows),
      el('tfoot', null, el('tr', null, [
        el('th', { scope: 'row' }, 'Total'),
        el('td', { 'class': 'rq-money' }, range(e.total.low_cents, e.total.high_cents))
      ]))
    ]);
    section('estimate', [
      el('p', { 'class': 'rq-range', id: 'rq-total' }, [
        el('span', { id: 'rq-total-low' }, dollars(e.total.low_cents)), ' to ',
        el('span', { id: 'rq-total-high' }, dollars(e.total.high_cents))
      ]),
      el('p', { 'class': 'rq-typical' }, [
        'Typical price: ', el('strong', { id: 'rq-total-typical' }, dollars(e.total.typical_cents))
      ]),
      el('p', { 'class': 'rq-small', id: 'rq-typical-explanation' }, e.typical_explanation || ''),
      table,
      el('details', null, [
        el('summary', null, 'How this estimate was made'),
        el('ul', { 'class': 'rq-small' }, (e.assumptions || []).concat(
          e.lines.filter(function (l) { return l.derivation; })
            .map(function (l) { return l.description + ': ' + l.derivation; })
        ).map(function (a) { return el('li', null, a); }))
      ]),
      el('h3', null, 'Please know'),
      el('ul', { 'class': 'rq-small' }, (e.disclaimers || []).map(function (d) { return el('li', null, d.text); }))
    ]);
    showFinancing(e.financing);
  }

  // The monthly line. The repayment period, APR and total of payments a stated payment
  // triggers are shown beside it exactly as prominently, and the disclosure in plain text
  // (12 CFR 1026.16(b)(2), 1026.24(d)).
  function showFinancing(financing) {
    if (!financing) { return; }
    var low = financing.as_low_as;
    var children;
    if (!(financing.options || []).length) {
      children = [el('p', { id: 'rq-monthly-none' }, financing.notice || '')];
    } else if (low) {
      children = [
        el('p', { 'class': 'rq-monthly', id: 'rq-monthly' }, low.text),
        el('p', { 'class': 'rq-monthly', id: 'rq-monthly-terms' }, low.terms || ''),
        el('p', { 'class': 'rq-disclosure', id: 'rq-monthly-disclosure' }, low.disclosure)
      ];
    } else {
      children = [el('p', { id: 'rq-monthly-none' }, 'None of the financing plans shown here covers ' +
        dollars(financing.amount_cents) + '. Ask the clinic which lenders it works with.')];
    }
    if (financing.notice && (financing.options || []).length &&
        (!low || low.disclosure.indexOf(financing.notice) === -1)) {
      children.push(el('p', { 'class': 'rq-disclosure' }, financing.notice));
    }
    section('financing', children);
  }

  function showNoCashPrice(entry) {
    $('rq-financing').hidden = true;
    var reason = entry && entry.cash_price && entry.cash_price.reason;
    section('estimate', [
      el('p', null, 'There is no cash price for this treatment.'),
      el('p', { 'class': 'rq-small' }, reason || '')
    ]);
  }

  var COVERAGE = {
    covered: ['Covered', 'rq-badge-covered'],
    may_be_covered: ['May be covered', 'rq-badge-maybe'],
    rarely_covered: ['Rarely covered', 'rq-badge-no'],
    not_covered: ['Not covered', 'rq-badge-no']
  };

  function showCoverage(res) {
    if (!res.ok) {
      section('coverage', [problemParagraph(res)]);
      return;
    }
    var c = res.data;
    var badge = COVERAGE[c.status] || [String(c.status).replace(/_/g, ' '), ''];
    var children = [
      el('p', { 'class': 'rq-badge ' + badge[1], id: 'rq-coverage-status' }, badge[0]),
      el('p', null, c.explanation)
    ];
    // The answer's own cash range is the therapy's general one; the estimate above is the
    // patient's, so only the steps are shown here.
    if ((c.next_steps || []).length) {
      children.push(el('details', null, [
        el('summary', null, c.next_steps.length === 1 ? 'What you can do'
          : 'What you can do (' + c.next_steps.length + ' steps)'),
        el('ul', null, c.next_steps.map(function (s) { return el('li', null, s.action); }))
      ]));
    }
    section('coverage', children);
  }

  // A distance in words; `exact` when the center's address, not just its city, is known.
  function miles(d, exact) {
    var n = Number(d);
    if (!isFinite(n)) { return ''; }
    if (n < 1) { return 'under 1 mile'; }
    if (!exact) { return 'about ' + Math.round(n) + (Math.round(n) === 1 ? ' mile' : ' miles'); }
    return (n < 10 ? n.toFixed(1) : String(Math.round(n))) + ' miles';
  }

  function showCenters(res) {
    if (res.status === 404 || res.status === 405) {
      section('centers', [el('p', { id: 'rq-centers-missing' },
        'Finding centers is not available on this service yet. Ask the clinic where the treatment is offered.')]);
      return;
    }
    if (!res.ok) {
      section('centers', [problemParagraph(res)]);
      return;
    }
    var list = (res.data && res.data.centers) || [];
    if (list.length === 0) {
      section('centers', [el('p', { id: 'rq-centers-none' },
        'No center in our directory offers this treatment within 500 miles of your ZIP code. ' +
        'Ask the clinic where it is offered.')]);
      return;
    }
    var items = list.map(function (c) {
      var place = [c.city, c.state].filter(Boolean).join(', ');
      return el('li', null, [
        el('span', null, [el('span', { 'class': 'rq-center-name' }, c.name), el('span', { 'class': 'rq-small' }, place)]),
        el('span', { 'class': 'rq-distance' }, c.distance_miles === undefined ? ''
          : miles(c.distance_miles, c.location && c.location.precision === 'address'))
      ]);
    });
    var children = [el('ol', { 'class': 'rq-centers', id: 'rq-centers-list' }, items)];
    var total = res.data.total;
    if (typeof total === 'number' && total > list.length) {
      children.push(el('p', { 'class': 'rq-small' }, 'The nearest ' + list.length + ' of ' + total + ' centers.'));
    }
    children.push(el('p', { 'class': 'rq-small' }, 'Straight-line distances from the middle of your ZIP ' +
      'code to the center, or to the middle of its city where only the city is known.'));
    section('centers', children);
  }

  function showQuote(res) {
    var body = $('rq-save-body');
    if (res.ok && res.data && res.data.id) {
      var expires = res.data.expires_at ? new Date(res.data.expires_at) : null;
      var until = expires && !isNaN(expires.getTime())
        ? ' It is valid until ' + expires.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric' }) + '.'
        : '';
      body.replaceChildren(el('p', { role: 'status' }, [
        'Quote saved. Your quote number is ', el('span', { 'class': 'rq-quote-id', id: 'rq-quote-id' }, res.data.id), '.' + until
      ]));
      return;
    }
    var words = res.status === 404 || res.status === 405
      ? 'Saving quotes is not available on this service yet. The estimate above still stands.'
      : res.status === 401 || res.status === 403
        ? 'This website is not set up to save quotes. The estimate above still stands. (' + problemText(res) + ')'
        : problemText(res);
    body.replaceChildren(el('p', { 'class': 'rq-problem', role: 'alert' }, words));
  }

  // Tells the embedding page how tall the widget is, so its iframe never scrolls.
  function reportHeight() {
    if (window.parent === window || !window.ResizeObserver) { return; }
    var last = 0;
    new window.ResizeObserver(function () {
      var height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        window.parent.postMessage({ type: 'regenquote:height', height: height }, '*');
      }
    }).observe(document.body);
  }

  window.regenquote = {
    el: el,
    api: api,
    dollars: dollars,
    problemText: problemText,
    showEstimate: showEstimate,
    showNoCashPrice: showNoCashPrice,
    showCoverage: showCoverage,
    showCenters: showCenters,
    showQuote: showQuote,
    reportHeight: reportHeight
  };
}());
