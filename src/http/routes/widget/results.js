// The quote widget's answers: calls the API, turns problem+json errors into words, formats
// integer cents as dollars, and shows the estimate, financing, coverage, centers and saved quote.
// Text from the API is always set as text, never parsed as HTML.
(function () {
  'use strict';

  function $(id) { return document.getElementById(id); }

  // The widget's own words in English and Spanish (translated by the regenquote maintainers,
  // with CMS's "estimado de buena fe"); the API's text comes in the language asked for.
  var STRINGS = {
    en: {
      title: 'Estimate your cost',
      lead: 'Pick a treatment and your options to see what patients pay in 2026, what insurance is likely to do, and centers near you.',
      loading: 'Loading treatments…',
      therapy: 'Treatment',
      joints: 'Joints treated',
      knees: 'Knees treated',
      sessions: 'Sessions',
      sessions_hint: 'The treatment split into this many visits.',
      cell_source: 'Cell source',
      add_ons: 'Add-ons',
      payer: 'Insurance',
      payer_commercial: 'Private insurance',
      payer_medicare: 'Medicare or Medicare Advantage',
      payer_medicaid: 'Medicaid',
      payer_self_pay: 'No insurance, or paying myself',
      zip: 'Your ZIP code',
      zip_hint: 'Five digits, to find centers near you.',
      submit: 'Show my estimate',
      estimate_title: 'Estimated price',
      financing_title: 'Paying monthly',
      coverage_title: 'Will insurance pay?',
      centers_title: 'Centers near you',
      save_title: 'Keep this price',
      save_hint: 'Save this estimate as a quote to show the clinic or a lender.',
      save_button: 'Save quote',
      frame_title: 'Treatment cost estimate',
      bone_marrow: 'Bone marrow',
      adipose: 'Fat (adipose) tissue',
      umbilical_cord: 'Umbilical cord tissue',
      no_preference: 'No preference',
      unpriced_add_on: 'No published price: not included in the total.',
      priced_as: 'Priced as the {name}.',
      included: 'Included in the price: {list}.',
      check_value: 'Check this value.',
      zip_error: 'Enter your five-digit ZIP code, for example 76102.',
      saving: 'Saving…',
      no_cash_price_suffix: ' (no cash price)',
      footer: 'Prices from the {version} price book ({from} to {to}). An estimate is not a bill: ask the provider for a written Good Faith Estimate before treatment.',
      list_failed: 'The treatment list could not be loaded. {problem} Please reload the page to try again.',
      err_http: 'The service answered with an error (HTTP {status}).',
      err_unreachable: 'The pricing service could not be reached. Check your connection and try again.',
      err_generic: 'Something went wrong.',
      unknown_amount: 'an unknown amount',
      no_published_price: 'No published price',
      included_above: 'Included in the price above',
      lines_caption: 'What the price is made of',
      col_item: 'Item',
      col_range: 'Price range',
      total: 'Total',
      to: ' to ',
      typical: 'Typical price: ',
      how_made: 'How this estimate was made',
      please_know: 'Please know',
      none_covers: 'None of the financing plans shown here covers {amount}. Ask the clinic which lenders it works with.',
      no_cash_price: 'There is no cash price for this treatment.',
      covered: 'Covered',
      may_be_covered: 'May be covered',
      rarely_covered: 'Rarely covered',
      not_covered: 'Not covered',
      what_you_can_do: 'What you can do',
      what_you_can_do_n: 'What you can do ({n} steps)',
      under_a_mile: 'under 1 mile',
      about_a_mile: 'about 1 mile',
      about_miles: 'about {n} miles',
      miles: '{n} miles',
      centers_missing: 'Finding centers is not available on this service yet. Ask the clinic where the treatment is offered.',
      centers_none: 'No center in our directory offers this treatment within 500 miles of your ZIP code. Ask the clinic where it is offered.',
      nearest: 'The nearest {n} of {total} centers.',
      distances: 'Straight-line distances from the middle of your ZIP code to the center, or to the middle of its city where only the city is known.',
      valid_until: ' It is valid until {date}.',
      quote_saved: 'Quote saved. Your quote number is ',
      save_unavailable: 'Saving quotes is not available on this service yet. The estimate above still stands.',
      save_not_set_up: 'This website is not set up to save quotes. The estimate above still stands.'
    },
    es: {
      title: 'Calcule su costo',
      lead: 'Elija un tratamiento y sus opciones para ver cuánto pagan los pacientes en 2026, qué es probable que haga el seguro y los centros cercanos.',
      loading: 'Cargando tratamientos…',
      therapy: 'Tratamiento',
      joints: 'Articulaciones tratadas',
      knees: 'Rodillas tratadas',
      sessions: 'Sesiones',
      sessions_hint: 'El tratamiento dividido en esta cantidad de visitas.',
      cell_source: 'Fuente de las células',
      add_ons: 'Complementos',
      payer: 'Seguro',
      payer_commercial: 'Seguro privado',
      payer_medicare: 'Medicare o Medicare Advantage',
      payer_medicaid: 'Medicaid',
      payer_self_pay: 'Sin seguro, o pago por mi cuenta',
      zip: 'Su código postal (ZIP)',
      zip_hint: 'Cinco dígitos, para encontrar centros cercanos.',
      submit: 'Ver mi estimado',
      estimate_title: 'Precio estimado',
      financing_title: 'Pagos mensuales',
      coverage_title: '¿Pagará el seguro?',
      centers_title: 'Centros cercanos',
      save_title: 'Conserve este precio',
      save_hint: 'Guarde este estimado como una cotización para mostrarla a la clínica o a un prestamista.',
      save_button: 'Guardar cotización',
      frame_title: 'Estimado del costo del tratamiento',
      bone_marrow: 'Médula ósea',
      adipose: 'Tejido graso (adiposo)',
      umbilical_cord: 'Tejido del cordón umbilical',
      no_preference: 'Sin preferencia',
      unpriced_add_on: 'Sin precio publicado: no se incluye en el total.',
      priced_as: 'Cotizado como {name}.',
      included: 'Incluido en el precio: {list}.',
      check_value: 'Revise este valor.',
      zip_error: 'Escriba su código postal de cinco dígitos, por ejemplo 76102.',
      saving: 'Guardando…',
      no_cash_price_suffix: ' (sin precio en efectivo)',
      footer: 'Precios de la lista de precios {version} ({from} a {to}). Un estimado no es una factura: pida al proveedor un estimado de buena fe por escrito antes del tratamiento.',
      list_failed: 'No se pudo cargar la lista de tratamientos. {problem} Vuelva a cargar la página para intentarlo de nuevo.',
      err_http: 'El servicio respondió con un error (HTTP {status}).',
      err_unreachable: 'No se pudo contactar al servicio de precios. Revise su conexión e inténtelo de nuevo.',
      err_generic: 'Algo salió mal.',
      unknown_amount: 'una cantidad desconocida',
      no_published_price: 'Sin precio publicado',
      included_above: 'Incluido en el precio anterior',
      lines_caption: 'De qué se compone el precio',
      col_item: 'Artículo',
      col_range: 'Rango de precios',
      total: 'Total',
      to: ' a ',
      typical: 'Precio típico: ',
      how_made: 'Cómo se hizo este estimado',
      please_know: 'Tenga en cuenta',
      none_covers: 'Ninguno de los planes de financiamiento que se muestran aquí cubre {amount}. Pregunte a la clínica con qué prestamistas trabaja.',
      no_cash_price: 'Este tratamiento no tiene precio en efectivo.',
      covered: 'Cubierto',
      may_be_covered: 'Podría estar cubierto',
      rarely_covered: 'Rara vez cubierto',
      not_covered: 'No cubierto',
      what_you_can_do: 'Lo que puede hacer',
      what_you_can_do_n: 'Lo que puede hacer ({n} pasos)',
      under_a_mile: 'a menos de 1 milla',
      about_a_mile: 'aprox. 1 milla',
      about_miles: 'aprox. {n} millas',
      miles: '{n} millas',
      centers_missing: 'La búsqueda de centros aún no está disponible en este servicio. Pregunte a la clínica dónde se ofrece el tratamiento.',
      centers_none: 'Ningún centro de nuestro directorio ofrece este tratamiento a menos de 500 millas de su código postal. Pregunte a la clínica dónde se ofrece.',
      nearest: 'Los {n} centros más cercanos de {total}.',
      distances: 'Distancias en línea recta desde el centro de su código postal hasta el centro de salud, o hasta el centro de su ciudad cuando solo se conoce la ciudad.',
      valid_until: ' Es válida hasta el {date}.',
      quote_saved: 'Cotización guardada. Su número de cotización es ',
      save_unavailable: 'Guardar cotizaciones aún no está disponible en este servicio. El estimado anterior sigue siendo válido.',
      save_not_set_up: 'Este sitio web no está configurado para guardar cotizaciones. El estimado anterior sigue siendo válido.'
    }
  };

  // `?lang=es` (or `en`) on the page, else the browser's language: Spanish for any `es`.
  function pickLanguage() {
    var asked = new URLSearchParams(window.location.search).get('lang') ||
      (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
    return /^es\b/i.test(asked) ? 'es' : 'en';
  }
  var LANG = pickLanguage();

  // A fixed string in the widget's language, with {name} placeholders filled in.
  function t(key, values) {
    var text = STRINGS[LANG][key] || STRINGS.en[key] || key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && values[name] !== undefined ? String(values[name]) : whole;
    });
  }

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
    if (!isFinite(n)) { return t('unknown_amount'); }
    var sign = n < 0 ? '-' : '';
    n = Math.abs(n);
    var whole = String(Math.floor(n / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    var rest = n % 100;
    return sign + '$' + whole + (rest === 0 ? '' : '.' + (rest < 10 ? '0' : '') + rest);
  }

  // Calls the API on this page's origin. Resolves (never rejects) to
  // {ok, status, data, problem}; `problem` is the problem+json body or one made up in words.
  function api(method, path, body, headers) {
    var init = { method: method, headers: { Accept: 'application/json', 'Accept-Language': LANG }, credentials: 'omit' };
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
          problem.detail = t('err_http', { status: res.status });
        }
        return { ok: false, status: res.status, problem: problem };
      });
    }, function () {
      return {
        ok: false,
        status: 0,
        problem: { detail: t('err_unreachable') }
      };
    });
  }

  // A problem in words: its detail, and each field error not already in the detail.
  function problemText(res) {
    var p = (res && res.problem) || {};
    var parts = [p.detail || t('err_generic')];
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
      var amount = line.priced === false ? t('no_published_price')
        : line.included_in ? t('included_above') : range(line.low_cents, line.high_cents);
      var what = line.quantity > 1 ? line.description + ' \u00d7 ' + line.quantity : line.description;
      return el('tr', null, [el('td', null, what), el('td', { 'class': 'rq-money' }, amount)]);
    });
    var table = el('table', { 'class': 'rq-lines' }, [
      el('caption', null, t('lines_caption')),
      el('thead', null, el('tr', null, [
        el('th', { scope: 'col' }, t('col_item')),
        el('th', { scope: 'col', 'class': 'rq-money' }, t('col_range'))
      ])),
      el('tbody', null, rows),
      el('tfoot', null, el('tr', null, [
        el('th', { scope: 'row' }, t('total')),
        el('td', { 'class': 'rq-money' }, range(e.total.low_cents, e.total.high_cents))
      ]))
    ]);
    section('estimate', [
      el('p', { 'class': 'rq-range', id: 'rq-total' }, [
        el('span', { id: 'rq-total-low' }, dollars(e.total.low_cents)), t('to'),
        el('span', { id: 'rq-total-high' }, dollars(e.total.high_cents))
      ]),
      el('p', { 'class': 'rq-typical' }, [
        t('typical'), el('strong', { id: 'rq-total-typical' }, dollars(e.total.typical_cents))
      ]),
      el('p', { 'class': 'rq-small', id: 'rq-typical-explanation' }, e.typical_explanation || ''),
      table,
      el('details', null, [
        el('summary', null, t('how_made')),
        el('ul', { 'class': 'rq-small' }, (e.assumptions || []).concat(
          e.lines.filter(function (l) { return l.derivation; })
            .map(function (l) { return l.description + ': ' + l.derivation; })
        ).map(function (a) { return el('li', null, a); }))
      ]),
      el('h3', null, t('please_know')),
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
      children = [el('p', { id: 'rq-monthly-none' }, t('none_covers', { amount: dollars(financing.amount_cents) }))];
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
      el('p', null, t('no_cash_price')),
      el('p', { 'class': 'rq-small' }, reason || '')
    ]);
  }

  var COVERAGE = {
    covered: [t('covered'), 'rq-badge-covered'],
    may_be_covered: [t('may_be_covered'), 'rq-badge-maybe'],
    rarely_covered: [t('rarely_covered'), 'rq-badge-no'],
    not_covered: [t('not_covered'), 'rq-badge-no']
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
        el('summary', null, c.next_steps.length === 1 ? t('what_you_can_do')
          : t('what_you_can_do_n', { n: c.next_steps.length })),
        el('ul', null, c.next_steps.map(function (s) { return el('li', null, s.action); }))
      ]));
    }
    section('coverage', children);
  }

  // A distance in words; `exact` when the center's address, not just its city, is known.
  function miles(d, exact) {
    var n = Number(d);
    if (!isFinite(n)) { return ''; }
    if (n < 1) { return t('under_a_mile'); }
    if (!exact) { return Math.round(n) === 1 ? t('about_a_mile') : t('about_miles', { n: Math.round(n) }); }
    return t('miles', { n: n < 10 ? n.toFixed(1) : String(Math.round(n)) });
  }

  function showCenters(res) {
    if (res.status === 404 || res.status === 405) {
      section('centers', [el('p', { id: 'rq-centers-missing' },
        t('centers_missing'))]);
      return;
    }
    if (!res.ok) {
      section('centers', [problemParagraph(res)]);
      return;
    }
    var list = (res.data && res.data.centers) || [];
    if (list.length === 0) {
      section('centers', [el('p', { id: 'rq-centers-none' },
        t('centers_none'))]);
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
      children.push(el('p', { 'class': 'rq-small' }, t('nearest', { n: list.length, total: total })));
    }
    children.push(el('p', { 'class': 'rq-small' }, t('distances')));
    section('centers', children);
  }

  function showQuote(res) {
    var body = $('rq-save-body');
    if (res.ok && res.data && res.data.id) {
      var expires = res.data.expires_at ? new Date(res.data.expires_at) : null;
      var until = expires && !isNaN(expires.getTime())
        ? t('valid_until', { date: expires.toLocaleDateString(LANG === 'es' ? 'es-US' : 'en-US', { year: 'numeric', month: 'long', day: 'numeric' }) })
        : '';
      body.replaceChildren(el('p', { role: 'status' }, [
        t('quote_saved'), el('span', { 'class': 'rq-quote-id', id: 'rq-quote-id' }, res.data.id), '.' + until
      ]));
      return;
    }
    var words = res.status === 404 || res.status === 405
      ? t('save_unavailable')
      : res.status === 401 || res.status === 403
        ? t('save_not_set_up') + ' (' + problemText(res) + ')'
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
    lang: LANG,
    t: t,
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
