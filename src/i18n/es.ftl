# Spanish (español): the patient text of en.ftl, translated entry for entry.
#
# Sources, noted on each group or entry:
# - CMS: CMS's own Spanish consumer page on the No Surprises Act for people without insurance,
#   https://www.cms.gov/derechos-facturas-medicas/conozca-sus-derechos/sin-seguro ("estimado de
#   buena fe", "Si la factura de uno de sus proveedores es al menos $400 más alta que el
#   estimado de buena fe de ese proveedor, puede disputar su factura").
# - CMS-10853 (es): the Spanish standard notices of the patient-provider dispute resolution
#   process (CMS-10853, appendices 1 and 9, Spanish, published with OMB information collection
#   0938-1470, e.g. https://omb.report/icr/202309-0938-001/doc/141636901): "proceso de
#   resolución de disputas entre pacientes y proveedores".
# - translator: regenquote maintainers — translated here from the English in en.ftl, using the
#   CMS terms above wherever they apply. Not a certified translation; a native reviewer's
#   corrections are welcome.
# Entries without their own note are translated by the regenquote maintainers.

## Dates
# translator: regenquote maintainers

month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
# 20 de diciembre de 2026
date-long = { $day } de { $month } de { $year }

## Estimado de buena fe: lo que exigen la regla y el formulario estándar del HHS
# Terms from CMS ("estimado de buena fe", "$400 más alta", "disputar su factura") and
# CMS-10853 (es) ("proceso de resolución de disputas entre pacientes y proveedores");
# the sentences are translated by the regenquote maintainers.

gfe-how-to-start = Si la factura de un proveedor o centro de salud es al menos { $threshold } más
    alta que los cargos previstos que este estimado indica para ese proveedor, puede iniciar el
    proceso de resolución de disputas entre pacientes y proveedores dentro de los { $days } días
    calendario siguientes a la fecha de la factura: visite { $url } o llame a la línea de ayuda
    de No Sorpresas (No Surprises Help Desk) al { $phone }. Guarde una copia de este estimado y
    de la factura. La regla cuenta los días desde que usted recibió la primera factura; contarlos
    desde la fecha de la factura, como lo hace el formulario federal, nunca le da menos tiempo.
gfe-ask-the-provider = Puede comunicarse con el proveedor o centro de salud indicado para
    informarle que los cargos facturados son más altos que el estimado de buena fe. Puede
    pedirle que actualice la factura para que coincida con el estimado de buena fe, pedir
    negociar la factura o preguntar si hay ayuda financiera disponible.
gfe-after-the-decision = Usar el proceso de disputa tiene un costo de { $fee }. Si la entidad
    que revisa su disputa está de acuerdo con usted, tendrá que pagar el precio de este estimado
    de buena fe. Si la entidad no está de acuerdo con usted y está de acuerdo con el proveedor o
    centro de salud, tendrá que pagar la cantidad más alta.
gfe-while-it-runs = Mientras usted disputa su factura, el proveedor o centro de salud no puede
    enviar a cobranza la factura del artículo o servicio en disputa ni amenazar con hacerlo; si
    la factura ya se envió a cobranza, debe dejar de cobrarla. También debe dejar de agregar
    cargos por pago tardío a la cantidad no pagada hasta que termine la disputa, y no puede
    tomar ni amenazar con tomar ninguna medida en su contra por disputar su factura.
# CMS: "$400 más alta que el estimado de buena fe", "puede disputar su factura".
gfe-right-to-estimate = Usted tiene derecho a recibir un estimado de buena fe que explique
    cuánto costará su atención médica. Según la ley, los proveedores de atención médica deben
    dar a los pacientes que no tienen seguro médico o que no lo usan un estimado de la factura de
    los artículos y servicios médicos. Usted tiene derecho a recibir un estimado de buena fe del
    costo total previsto de cualquier artículo o servicio que no sea de emergencia, incluidos
    los costos relacionados, como pruebas médicas, medicamentos recetados, equipos y cargos del
    hospital. Asegúrese de que su proveedor de atención médica le entregue un estimado de buena
    fe por escrito al menos 1 día hábil antes de su servicio o artículo médico. También puede
    pedirle a su proveedor de atención médica, y a cualquier otro proveedor que elija, un
    estimado de buena fe antes de programar un artículo o servicio. Si recibe una factura que es
    al menos { $threshold } más alta que su estimado de buena fe, puede disputar su factura.
    Asegúrese de guardar una copia o una foto de su estimado de buena fe. Si tiene preguntas o
    desea más información sobre su derecho a un estimado de buena fe, visite { $url } o llame al
    { $phone }.
gfe-disclaimer-additional-items = Su proveedor puede recomendarle otros artículos o servicios
    como parte de su tratamiento que deben programarse o solicitarse por separado. No forman
    parte de este estimado de buena fe.
gfe-disclaimer-estimate-only = Esto es solo un estimado de los artículos y servicios que
    razonablemente se espera proporcionar, según lo que se sabía cuando se emitió. Los artículos,
    servicios o cargos reales pueden ser distintos: no incluye costos desconocidos o
    imprevistos, y se le podría cobrar más si surgen complicaciones o circunstancias especiales.
gfe-disclaimer-dispute-resolution = Usted tiene derecho a iniciar el proceso de resolución de
    disputas entre pacientes y proveedores si la factura de cualquier proveedor o centro de
    salud es al menos { $threshold } más alta que los cargos previstos que aquí se indican para
    ese proveedor o centro de salud. Inícielo dentro de los { $days } días calendario siguientes
    a la fecha de la factura; para saber cómo, visite { $url } o llame al { $phone }. Iniciar una
    disputa no afectará la calidad de la atención que recibe.
gfe-disclaimer-not-a-contract = Este estimado de buena fe no es un contrato. No le obliga a
    obtener los artículos o servicios de ninguno de los proveedores o centros de salud que
    aparecen en él.
gfe-separately-scheduled-disclaimer = Los artículos y servicios que siguen no están incluidos
    en este estimado. Se le dará un estimado de buena fe aparte cuando se programen, o cuando
    usted lo pida: pídaselo al proveedor o centro de salud que los proporcionará.

## Estimado de buena fe: las cifras y lo que falta
# translator: regenquote maintainers

gfe-missing-service-code = El código del servicio (CPT o HCPCS) de este artículo.
gfe-missing-diagnosis-codes = Los códigos de diagnóstico (ICD-10-CM) de este artículo.
gfe-missing-expected-charge = El cargo previsto del proveedor para este artículo: ninguna
    fuente le pone precio.
gfe-missing-provider-charge = El cargo propio del proveedor para este artículo: la cifra que se
    muestra es el precio nacional de referencia { $version }, no un cargo que el proveedor haya
    declarado.
gfe-missing-provider = El nombre, la dirección, el NPI y el TIN del proveedor o centro de salud
    que dará la atención: la cotización no indica ninguno.
gfe-missing-npi = El Identificador Nacional de Proveedor (NPI) de { $name }.
gfe-missing-tin = El Número de Identificación del Contribuyente (TIN) de { $name }.
gfe-missing-street-address = La dirección donde { $name } proporciona la atención.
gfe-missing-zip = El código postal (ZIP) de la dirección de { $name }.
gfe-missing-contact-person = La persona de contacto en { $name }.
gfe-missing-phone = El número de teléfono de { $name }.
gfe-missing-email = El correo electrónico de { $name }.
gfe-typical-default = La cifra típica se deriva del rango de precios del artículo.
gfe-charge-explanation = El cargo previsto de cada artículo es la cifra típica del artículo
    cotizado. { $typical } Las cifras baja y alta que lo acompañan son el rango que las fuentes
    indican para el artículo. Una factura al menos $400 más alta que los cargos previstos de un
    proveedor se puede disputar, aunque quede dentro de ese rango.
gfe-basis-no-provider = La cotización no indica ningún proveedor, así que estos son los precios
    nacionales de referencia { $version }, no los cargos propios de ningún proveedor.
gfe-basis-national = Los precios nacionales de referencia { $version }: { $name } no ha
    publicado aquí una lista de precios, así que sus propios cargos pueden ser distintos.
gfe-basis-own = La lista de precios propia de { $name } ({ $source }), al { $date }.
gfe-separate-reason = El precio de 2026 de { $therapy } lo incluye ({ $rationale }), pero esta
    cotización lo deja fuera, así que puede proporcionarse y programarse por separado, quizás
    por otro proveedor. Aquí no se conoce ningún proveedor ni precio para ello.
gfe-separate-note = Aquí solo se puede derivar lo que la tabla de precios de 2026 cuenta en el
    precio de este procedimiento y la cotización deja fuera. El directorio de centros no
    registra qué servicios proporciona cada centro por sí mismo ni cuáles programa por separado,
    así que no se indica nada más; pregunte al proveedor qué otros servicios (como visitas de
    seguimiento) recomendará y programará por separado.
gfe-separate-note-none-left-out = Aquí solo se puede derivar lo que la tabla de precios de 2026
    cuenta en el precio de este procedimiento y la cotización deja fuera, y esta cotización no
    deja nada fuera. El directorio de centros no registra qué servicios proporciona cada centro
    por sí mismo ni cuáles programa por separado, así que no se indica nada más; pregunte al
    proveedor qué otros servicios (como visitas de seguimiento) recomendará y programará por
    separado.

## Estimado de buena fe: la página imprimible
# translator: regenquote maintainers; "estimado de buena fe" from CMS.

gfe-page-title = Estimado de buena fe
gfe-page-title-draft = Estimado de buena fe (borrador)
gfe-page-national-alert = Estos no son los cargos propios del proveedor. Cada cargo previsto que
    sigue es un precio nacional de referencia. El proveedor debe declarar sus propios cargos
    antes de que esto sea un estimado de buena fe.
gfe-page-watermark = BORRADOR
gfe-page-draft-note = BORRADOR: este estimado de buena fe no está completo. El proveedor debe
    llenar cada espacio en blanco de la lista “Para completar por el proveedor” antes de
    entregarlo al paciente.
gfe-page-heading = Estimado de buena fe de artículos y servicios de atención médica
gfe-page-issued = Emitido el { $date } · Número de estimado { $estimate } · Número de cotización
    { $quote }
gfe-page-not-scheduled = Aún no programado
gfe-page-patient = Paciente
gfe-page-name = Nombre
gfe-page-date-of-birth = Fecha de nacimiento
gfe-page-primary-service = Servicio principal
gfe-page-service = Servicio
gfe-page-scheduled-for = Programado para el
gfe-page-diagnosis-codes = Códigos de diagnóstico
gfe-page-blank-diagnosis-codes = códigos de diagnóstico
gfe-page-total = Total de cargos previstos: { $total }
gfe-page-please-note = Tenga en cuenta
gfe-page-about-treatment = Sobre este tratamiento
gfe-page-your-right = Su derecho a un estimado de buena fe
gfe-page-follows = Este estimado sigue { $regulation } y el formulario estándar del HHS. Sus
    precios vienen de la cotización { $quote }, calculada con la lista de precios { $version }.
gfe-page-blank-address = dirección
gfe-page-blank-street-address = calle y número
gfe-page-blank-zip = código postal (ZIP)
gfe-page-provider = Proveedor o centro de salud
gfe-page-address = Dirección
gfe-page-contact-person = Persona de contacto
gfe-page-phone = Teléfono
gfe-page-email = Correo electrónico
gfe-page-npi = NPI
gfe-page-tin = TIN
gfe-page-blank-provider-name = nombre del proveedor o centro de salud
gfe-page-blank-contact-person = persona de contacto
gfe-page-blank-phone = teléfono
gfe-page-blank-email = correo electrónico
gfe-page-blank-npi = Identificador Nacional de Proveedor (NPI)
gfe-page-blank-tin = Número de Identificación del Contribuyente (TIN)
gfe-page-items-caption = Artículos y servicios de este proveedor
gfe-page-col-item = Artículo o servicio
gfe-page-col-where = Dónde se proporciona
gfe-page-col-service-code = Código del servicio
gfe-page-col-diagnosis-codes = Códigos de diagnóstico
gfe-page-col-quantity = Cantidad
gfe-page-col-expected-charge = Cargo previsto
gfe-page-provider-total = Total de cargos previstos de este proveedor
gfe-page-range = Las tablas de precios de las que viene este estimado indican de { $low } a
    { $high } para estos artículos; el cargo previsto es lo que el proveedor espera facturar.
gfe-page-blank-code = código
gfe-page-blank-codes = códigos
gfe-page-blank-no-price = aún sin precio
gfe-page-separately = Artículos o servicios que se programan por separado
gfe-page-none-listed = Ninguno.
gfe-page-if-billed-more = Si le facturan más que este estimado
gfe-page-to-complete = Para completar por el proveedor
gfe-page-to-complete-intro = El servicio que preparó este estimado no tiene estos datos, y no
    los adivina.
gfe-page-for-item = (para “{ $item }”)
gfe-page-asked-by-form = Lo pide el formulario estándar.

## Financiamiento: divulgaciones de la Ley de Veracidad en los Préstamos (Regulation Z)
# translator: regenquote maintainers. APR stays as written in US Spanish disclosures
# ("tasa de porcentaje anual (APR)" is spelled out once per text).

fin-example-plans-notice = Los planes que se muestran son ejemplos fijados por el operador de
    este servicio, no una oferta de crédito: ningún prestamista los ofrece. El financiamiento
    está sujeto a la aprobación de crédito de un prestamista, cuya APR, condiciones y pagos
    reales pueden ser distintos.
fin-plans-notice = Los planes que se muestran son los planes de financiamiento que el operador
    de este servicio ha configurado. El financiamiento está sujeto a la aprobación de crédito
    del prestamista.
fin-no-plans-notice = Este servicio no tiene planes de financiamiento configurados, así que no
    se muestran pagos mensuales. Pregunte al proveedor por las opciones de pago.
fin-installment = Ejemplo representativo: { $amount } financiados a una tasa de porcentaje anual
    (APR) de { $apr } por { $months } { $months ->
        [one] mes
       *[other] meses
    } sin pago inicial: { $payments }; total de los pagos { $total }, cargo financiero
    { $finance_charge }.
fin-installment-level = { $count } { $count ->
        [one] pago mensual
       *[other] pagos mensuales
    } de { $payment }
fin-installment-final = { $count } { $count ->
        [one] pago mensual
       *[other] pagos mensuales
    } de { $payment } y un pago final de { $final }
fin-revolving = Promoción con intereses diferidos en una cuenta de crédito rotativo: para una
    compra de { $amount }, { $plan } dentro de la promoción de { $months } meses: un total de los
    pagos de { $total } en { $months } { $months ->
        [one] mes
       *[other] meses
    }. Se cargarán intereses a su cuenta desde la fecha de compra a una tasa de porcentaje anual
    (APR) de { $apr }{ $variable ->
        [yes] , una tasa variable,
       *[no] {""}
    } si el saldo promocional no se paga por completo dentro de { $months } { $months ->
        [one] mes
       *[other] meses
    }. Se requieren pagos mínimos mensuales; el pago que se muestra puede ser mayor que el pago
    mínimo. { $minimum } { $fee }
fin-revolving-one = un pago de { $final } la paga por completo
fin-revolving-level = pagar { $payment } al mes durante { $months } meses la paga por completo
fin-revolving-final = pagar { $payment } al mes durante { $level } { $level ->
        [one] mes
       *[other] meses
    } y { $final } en el mes { $months } la paga por completo
fin-no-minimum-interest = Sin cargo mínimo por intereses.
fin-minimum-interest = Cargo mínimo por intereses: { $amount }.
fin-no-annual-fee = Sin cuota anual.
fin-annual-fee = Cuota anual: { $amount }.
fin-as-low-as = Desde { $payment } al mes
fin-as-low-as-example = Ejemplo: desde { $payment } al mes
fin-headline-installment = por { $months } { $months ->
        [one] mes
       *[other] meses
    } a una APR de { $apr } sin pago inicial: total de los pagos { $total }
fin-headline-revolving = por { $months } { $months ->
        [one] mes
       *[other] meses
    } para pagar { $amount } por completo dentro de la promoción con intereses diferidos: total
    de los pagos { $total }. Si no se paga por completo dentro de { $months } { $months ->
        [one] mes
       *[other] meses
    }, se cobran intereses desde la fecha de compra a una APR de { $apr }
fin-not-available-out-of-range = la cantidad debe ser de { $min } a { $max }
fin-not-available-below-minimum = este plan financia cantidades de { $min } o más
fin-not-available-above-maximum = este plan financia cantidades de hasta { $max }
fin-not-available-too-small = la cantidad es demasiado pequeña para repartirla en { $months }
    pagos mensuales
fin-not-available-misconfigured = este plan está mal configurado ({ $field })

## Price-book data: keyed by the stable codes of en.ftl's price-book section (therapy-, line-,
## add-on-, disclaimer-, assumption-). A text with no entry keeps the price book's English.
# translator: regenquote maintainers. MSC (células madre mesenquimales) and PRP (plasma rico en
# plaquetas) keep the abbreviations Spanish-speaking clinics use; FDA keeps its name.

assumption-typical = El precio típico es el punto medio de cada rango, a mitad de camino entre
    su precio más bajo y el más alto: ninguna fuente indica un precio típico para este
    tratamiento, así que es una cifra derivada del rango, no un precio que cite alguna fuente.
assumption-per_joint = Cada articulación se cotiza como un procedimiento aparte de una sola
    articulación: la tabla de 2026 cotiza una sola rodilla y no da descuento bilateral, así que
    cada línea se multiplica por el número de articulaciones.
assumption-sessions_per_joint = Las sesiones adicionales se cuentan por cada articulación
    tratada.
assumption-cell_source = La fuente de las células no cambia el precio: la tabla de 2026 da un
    rango por terapia y ninguno por fuente de células.
assumption-zip = El código postal (ZIP) no cambia el precio: la tabla de 2026 es nacional y no
    da factores regionales.
assumption-unpriced_add_on = Las fuentes lo mencionan pero no le ponen precio, así que se
    muestra sin precio y queda fuera del total; pregunte al centro cuánto cobra.
assumption-center_prices = Cotizado con la lista de precios propia del centro en lugar de los
    rangos nacionales de 2026.
assumption-center_unpriced_add_on = La lista de precios del centro no le pone precio, así que
    se muestra sin precio y queda fuera del total; pregunte al centro cuánto cobra.
assumption-center_unpriced_sessions = La lista de precios del centro no pone precio a las
    sesiones adicionales, así que se muestran sin precio y quedan fuera del total; pregunte al
    centro cuánto cobra.
assumption-center_typical = El precio típico del procedimiento es el que indica la lista de
    precios del centro; cuando no indica ninguno, y para cualquier otro artículo, es el punto
    medio del rango del centro, a mitad de camino entre su precio más bajo y el más alto.
assumption-no_center_prices = Este centro no tiene aquí una lista de precios propia, así que se
    aplican los rangos nacionales de 2026.
add-on-prp = Plasma rico en plaquetas (PRP)
add-on-exosomes = Exosomas en la solución regenerativa
add-on-collateral_ligament_sites = Tratamiento de los sitios de inserción de los ligamentos
    colaterales medial y lateral
add-on-imaging_guidance = Guía por imágenes
add-on-post_procedure_care = Atención posterior al procedimiento
disclaimer-investigational = Este es un tratamiento experimental, en investigación: las
    aseguradoras consideran experimentales estos procedimientos, y su eficacia a largo plazo aún
    no está comprobada.
disclaimer-investigational_back_pain = Las agencias reguladoras clasifican los tratamientos
    regenerativos para el dolor de espalda como en investigación; la evidencia aún es limitada y
    los protocolos no están estandarizados.
disclaimer-results_not_guaranteed = Los resultados varían y no se pueden garantizar.
disclaimer-insurance = El seguro rara vez cubre estos procedimientos; los pacientes pagan en
    efectivo o usan financiamiento.
disclaimer-not_fda_approved = La terapia con células madre no está aprobada por la FDA para la
    regeneración del cartílago.
disclaimer-not_fda_approved_back = Ningún producto de células madre está aprobado por la FDA
    para tratar el dolor de espalda. La alerta al consumidor de la FDA del 22 de julio de 2020
    dice que los únicos productos de células madre aprobados por la FDA eran células madre
    formadoras de sangre obtenidas de sangre del cordón umbilical, aprobadas para trastornos que
    afectan la producción de sangre y no para otros usos; el único producto de MSC aprobado desde
    entonces, remestemcel-L (18 de diciembre de 2024), es para la enfermedad aguda de injerto
    contra huésped resistente a los esteroides en niños.
disclaimer-modest_effect = La eficacia para el dolor articular es modesta y no siempre superior
    a la de los tratamientos establecidos, y falta evidencia sólida de regeneración del
    cartílago en seres humanos.
disclaimer-advanced_arthritis = Los resultados suelen ser menos notables en la artritis
    avanzada, de hueso contra hueso; la evidencia de reparación del cartílago es más sólida en la
    osteoartritis en etapa temprana.
disclaimer-risks = Los riesgos incluyen dolor en el sitio de la inyección, inflamación, infección
    y diferenciación no deseada de tejidos.
disclaimer-choose_a_regulated_clinic = Elija clínicas que cumplan las buenas prácticas de
    fabricación (GMP) y estén reguladas por la FDA, consulte a especialistas en ortopedia y tenga
    expectativas realistas sobre el alivio del dolor frente a una verdadera regeneración.
disclaimer-pilot_trial_stage = Las construcciones de andamio de MSC bioimpresas en 3-D están en
    la etapa de ensayos piloto conformes a las GMP (2026).
disclaimer-fda_exosome_products = La alerta al consumidor de la FDA del 22 de julio de 2020 dice
    que no hay productos de exosomas aprobados por la FDA, y que los productos de exosomas
    destinados a tratar enfermedades o afecciones en seres humanos requieren la aprobación de la
    FDA.
disclaimer-fda_cord_products = La alerta al consumidor de la FDA del 22 de julio de 2020 dice que
    los únicos productos de células madre aprobados por la FDA eran células madre formadoras de
    sangre obtenidas de sangre del cordón umbilical, aprobadas para trastornos que afectan la
    producción de sangre y no para otros usos: ningún producto de cordón umbilical está aprobado
    por la FDA para reparar el cartílago.
therapy-knee_msc_injection-name = Inyección de MSC en una rodilla
therapy-knee_msc_injection-delivery_method = Inyección intraarticular (a menudo con PRP)
therapy-knee_msc_injection-typical = El precio típico está a una décima parte del camino entre
    el precio más bajo y el más alto de cada rango. Ahí cae el único precio típico que indica
    una fuente: una clínica da de $6,000 a $9,000 como costo típico de su tratamiento de rodilla
    con células madre, y el punto medio, $7,500, está a una décima parte del camino en los
    $5,000 a $30,000 de la tabla de 2026 para una rodilla con imágenes y atención posterior. Es
    una cifra derivada de los rangos, no un precio que cite alguna fuente.
therapy-knee_msc_injection-default_add_ons = No se eligió ningún complemento, así que se
    incluyen la guía por imágenes y la atención posterior al procedimiento: el total de la tabla
    para una rodilla ($5,000-$30,000) las incluye.
therapy-knee_msc_injection-coverage = Rara vez cubierto; clasificado como experimental
line-knee_msc_injection-base = Inyección de MSC, por rodilla
line-knee_msc_injection-additional_sessions = Sesión adicional, por rodilla
line-knee_msc_injection-additional_sessions-rationale = Ninguna fuente da un precio para las
    sesiones adicionales, así que se muestran sin precio y quedan fuera del total; pregunte al
    centro cuánto cobra. La clínica que divide su tratamiento en 6 sesiones dice que su costo
    depende sobre todo de cuánta solución regenerativa se usa.
line-knee_msc_injection-imaging_and_post_care = Guía por imágenes y atención posterior al
    procedimiento, por rodilla
line-knee_msc_injection-imaging_and_post_care-rationale = La tabla cotiza las imágenes y la
    atención posterior solo juntas, como la diferencia entre sus filas del total para una rodilla
    y del precio base, así que elegir una o ambas agrega esta única línea.
therapy-knee_msc_prp-name = Combinación de MSC + PRP
# The same text as therapy-knee_msc_injection-typical, as in the price book.
therapy-knee_msc_prp-typical = { therapy-knee_msc_injection-typical }
therapy-knee_msc_prp-delivery_method = Inyección (a menudo guiada por ultrasonido)
therapy-knee_msc_prp-coverage = Por lo general no cubierto
line-knee_msc_prp-base = Inyección combinada de MSC + PRP, por rodilla
line-knee_msc_prp-additional_sessions = Sesión adicional, por rodilla
line-knee_msc_prp-additional_sessions-rationale = { line-knee_msc_injection-additional_sessions-rationale }
therapy-scaffold_construct-name = Andamio o construcción bioimpresa
therapy-scaffold_construct-delivery_method = Implantación de una construcción de biotinta
therapy-scaffold_construct-coverage = No cubierto (en investigación)
line-scaffold_construct-base = Andamio sembrado con MSC o construcción bioimpresa, por
    articulación
therapy-back_msc_prp-name = Terapia con MSC/PRP para el dolor de espalda (experimental)
therapy-back_msc_prp-delivery_method = Inyecciones de MSC o PRP
therapy-back_msc_prp-coverage = No cubierto
line-back_msc_prp-base = Terapia con MSC/PRP para el dolor de espalda, un tratamiento
therapy-hsct-name = Trasplante de células madre hematopoyéticas
therapy-hsct-coverage = Solo los trasplantes hematológicos aprobados por la FDA reciben
    reembolso de Medicare o de aseguradoras privadas
therapy-remestemcel_l-name = Remestemcel-L (Ryoncil)

## Respuestas de cobertura: las frases que el servicio escribe alrededor de los textos de las reglas.
# translator: regenquote maintainers; "estimado de buena fe" is CMS's term (see the header).

cov-assumed = No se indicó ninguna afección, así que esta respuesta supone { $condition }, el uso principal de { $therapy }. { $explanation }
cov-off-indication = Nuestras fuentes no indican { $therapy } como tratamiento para { $asked }; lo indican para { $listed }.
cov-off-insurer = No tenemos ninguna fuente que muestre a una aseguradora pagando por este uso, así que considérelo no cubierto a menos que su aseguradora confirme lo contrario por escrito.
cov-off-self-pay = No tenemos ninguna fuente que muestre a una aseguradora pagando por este uso. Usted paga esto por su cuenta, así que el proveedor le factura directamente.
cov-list-and = { $init } y { $last }
cov-pay-direct = Usted le paga directamente al proveedor.
cov-pay-if-not-approved = Esto es lo que pagaría usted mismo si su aseguradora no aprueba la cobertura.
cov-pay-unless-confirmed = Cuente con pagar esto usted mismo, a menos que su aseguradora confirme la cobertura por escrito antes del tratamiento.
cov-pay-cash-range = Este es el rango de precios en efectivo de la terapia; el estimado de buena fe del proveedor le da su propio precio.

## Respuestas de cobertura: los textos de src/coverage/rules.toml, por el código o id estable de
# cada fila.
# translator: regenquote maintainers, except the CMS terms noted on each entry.

cov-condition-knee_osteoarthritis = osteoartritis de rodilla
cov-condition-knee_osteoarthritis-summary = Para la osteoartritis de rodilla, la tabla de enfermedades de 2026 indica inyecciones de MSC autólogas en la articulación, a menudo con PRP. Las fuentes informan un alivio del dolor o una mejora funcional clínicamente significativos en aproximadamente el 60-70 % de los pacientes debidamente seleccionados (una proporción de pacientes, no la magnitud de la mejora), con un beneficio comparable al de las inyecciones de corticosteroides en el ensayo más grande; describen el efecto como modesto y no siempre superior a los tratamientos establecidos, y la eficacia a largo plazo aún no está demostrada.
cov-condition-age_related_frailty = fragilidad relacionada con la edad
cov-condition-age_related_frailty-summary = Para la fragilidad relacionada con la edad, la tabla de enfermedades de 2026 indica secretomas y exosomas derivados de MSC, todavía en ensayos tempranos de fase I/II con grupos pequeños.
cov-condition-rheumatoid_arthritis = artritis reumatoide
cov-condition-rheumatoid_arthritis-summary = Para la artritis reumatoide, la tabla de enfermedades de 2026 indica MSC y exosomas en etapa preclínica, con datos limitados en seres humanos.
cov-condition-multiple_sclerosis = esclerosis múltiple
cov-condition-multiple_sclerosis-summary = Para la esclerosis múltiple, la tabla de enfermedades de 2026 indica MSC y exosomas en etapa preclínica o de fase I temprana.
cov-condition-hematologic_malignancy = neoplasias hematológicas malignas
cov-condition-hematologic_malignancy-summary = Para las neoplasias hematológicas malignas, la tabla de enfermedades de 2026 indica los trasplantes de células madre hematopoyéticas como trasplantes establecidos y curativos.
cov-condition-cartilage_defect = defectos del cartílago
cov-condition-cartilage_defect-summary = Para los defectos del cartílago, la tabla de enfermedades de 2026 indica condrocitos derivados de iPSC y células progenitoras del esbozo de las extremidades, todavía en estudios preclínicos con animales.
cov-condition-back_pain = dolor de espalda
cov-condition-back_pain-summary = Para el dolor de espalda, la fuente de 2026 dice que las inyecciones de MSC y de PRP se están estudiando, que la evidencia aún es limitada y que los organismos reguladores las clasifican como en investigación.
cov-condition-steroid_refractory_acute_gvhd_pediatric = enfermedad aguda de injerto contra huésped resistente a los esteroides en niños
cov-condition-steroid_refractory_acute_gvhd_pediatric-summary = Para la enfermedad aguda de injerto contra huésped resistente a los esteroides en niños de 2 meses o más, remestemcel-L (Ryoncil) cuenta con la aprobación de la FDA desde el 18 de diciembre de 2024.
cov-therapy-knee_msc_injection = una inyección de MSC en una sola rodilla
cov-therapy-knee_msc_prp = una inyección combinada de MSC + PRP
cov-therapy-scaffold_construct = un andamio o una construcción bioimpresa con MSC
cov-therapy-back_msc_prp = la terapia con MSC/PRP para el dolor de espalda
cov-therapy-hsct = un trasplante de células madre hematopoyéticas
cov-therapy-remestemcel_l = remestemcel-L (Ryoncil)
cov-therapy-remestemcel_l-off-indication = Su aprobación de la FDA cubre solo ese uso; no hace que el tratamiento con MSC de las articulaciones, la espalda ni ninguna otra afección esté aprobado.
cov-rule-knee_msc_injection_insured = La tabla de acceso de 2026 dice que una inyección de MSC en una sola rodilla “rara vez se cubre” porque se clasifica como experimental, y el propio relato de una clínica de rodilla dice que “no está cubierta por el seguro”. Cuente con pagarla usted mismo, a menos que su aseguradora confirme la cobertura por escrito antes del tratamiento.
cov-rule-knee_msc_injection_self_pay = Usted paga esto por su cuenta: el proveedor le factura directamente, y los pacientes pagan en efectivo o usan financiamiento. Aunque tuviera seguro, rara vez se pagaría: la tabla de acceso de 2026 dice que una inyección de MSC en una sola rodilla “rara vez se cubre” porque se clasifica como experimental.
cov-rule-knee_msc_prp_insured = La tabla de acceso de 2026 dice que una combinación de MSC + PRP “por lo general no se cubre”, y la misma fuente la describe como todavía en investigación. Cuente con pagarla usted mismo, a menos que su aseguradora confirme la cobertura por escrito antes del tratamiento.
cov-rule-knee_msc_prp_self_pay = Usted paga esto por su cuenta: el proveedor le factura directamente, y los pacientes pagan en efectivo o usan financiamiento. Aunque tuviera seguro, por lo general no se pagaría: la tabla de acceso de 2026 dice que una combinación de MSC + PRP “por lo general no se cubre”.
cov-rule-scaffold_construct_insured = La tabla de acceso de 2026 indica que los andamios y las construcciones bioimpresas “no se cubren (en investigación)”. Cuente con pagarlo usted mismo.
cov-rule-scaffold_construct_self_pay = Usted paga esto por su cuenta: el proveedor le factura directamente, y los pacientes pagan en efectivo o usan financiamiento. El seguro tampoco lo pagaría: la tabla de acceso de 2026 indica que los andamios y las construcciones bioimpresas “no se cubren (en investigación)”.
cov-rule-back_msc_prp_insured = La tabla de acceso de 2026 indica que la terapia con MSC/PRP para el dolor de espalda “no se cubre”, y la misma fuente dice que los organismos reguladores clasifican estos tratamientos como en investigación. Cuente con pagarla usted mismo.
cov-rule-back_msc_prp_self_pay = Usted paga esto por su cuenta: el proveedor le factura directamente, y los pacientes pagan en efectivo o usan financiamiento. El seguro tampoco la pagaría: la tabla de acceso de 2026 indica que la terapia con MSC/PRP para el dolor de espalda “no se cubre”.
cov-rule-hsct_medicare = Un trasplante de células madre hematopoyéticas es un procedimiento de trasplante establecido y curativo para las neoplasias hematológicas malignas. La fuente de 2026 dice que solo los trasplantes hematológicos aprobados por la FDA reciben reembolso de Medicare o de seguros privados: es una condición para el pago, no una promesa de que se pague todo trasplante. La Determinación Nacional de Cobertura 110.23 de Medicare cubre los trasplantes de células madre para las indicaciones que nombra, cubre algunas otras solo para pacientes inscritos en estudios clínicos aprobados y deja las indicaciones que no nombra al contratista local de Medicare. Que Medicare pague depende de su diagnóstico y de su etapa; pregunte al centro de trasplantes y a Medicare (o a su plan Medicare Advantage) antes del tratamiento.
cov-rule-hsct_commercial = Un trasplante de células madre hematopoyéticas es un procedimiento de trasplante establecido y curativo para las neoplasias hematológicas malignas. La fuente de 2026 dice que solo los trasplantes hematológicos aprobados por la FDA reciben reembolso de Medicare o de seguros privados: es una condición para el pago, no una promesa de que se pague todo trasplante. Cada plan cubre los trasplantes según las indicaciones y los criterios de su propia póliza, como el diagnóstico y su etapa, la necesidad médica, su red de proveedores y la autorización previa; pida a su plan una autorización previa antes del tratamiento.
cov-rule-hsct_medicaid = Un trasplante de células madre hematopoyéticas es un procedimiento de trasplante establecido y curativo para las neoplasias hematológicas malignas, pero la fuente de 2026 solo nombra a Medicare y a las aseguradoras privadas como pagadores de los trasplantes hematológicos y no dice nada sobre Medicaid, así que no podemos decir si su programa de Medicaid lo paga. Pídale una autorización previa antes del tratamiento.
cov-rule-hsct_self_pay = Usted paga esto por su cuenta: el centro de trasplantes le factura directamente. Nuestras tablas de precios no tienen un precio en efectivo para un trasplante, así que pida al centro un estimado de buena fe. Si tiene Medicare o un seguro privado, consúltelo antes del tratamiento: la fuente de 2026 dice que los trasplantes hematológicos aprobados por la FDA pueden recibir reembolso de Medicare o de seguros privados.
cov-rule-remestemcel_l_insured = Remestemcel-L (Ryoncil), el primer producto de MSC aprobado por la FDA, está aprobado desde el 18 de diciembre de 2024 para la enfermedad aguda de injerto contra huésped resistente a los esteroides en niños de 2 meses o más. Una indicación aprobada hace posible la cobertura, pero no tenemos la póliza de ninguna aseguradora al respecto, así que pida una autorización previa antes del tratamiento.
cov-rule-remestemcel_l_self_pay = Usted paga esto por su cuenta: el centro que da el tratamiento le factura directamente. Nuestras tablas de precios no tienen un precio en efectivo para remestemcel-L, así que pida al centro un estimado de buena fe. Como está aprobado por la FDA para este uso, una aseguradora podría pagarlo; si el paciente tiene cobertura, vale la pena pedir una autorización previa.
cov-orthopedic-note = Ningún producto de MSC está aprobado por la FDA para las articulaciones ni para la espalda: el único producto de MSC aprobado, remestemcel-L (Ryoncil, aprobado el 18 de diciembre de 2024), es para una complicación de los trasplantes en niños, y el propio relato de una clínica de rodilla señala que la terapia con células madre “no está aprobada por la FDA para la regeneración del cartílago”.
# CMS: "estimado de buena fe", "al menos $400 más alta", "puede disputar su factura" (see the header).
cov-step-good_faith_estimate = Pida al proveedor un estimado de buena fe por escrito. Si usted paga esto por su cuenta (no tiene seguro, su cobertura no tiene beneficios para esto, o tiene un plan privado y decide no facturárselo), el proveedor debe darle uno: dentro de 1 día hábil después de programar la cita (3 días hábiles si la programa con 10 o más días hábiles de anticipación), o dentro de 3 días hábiles después de que usted lo pida. Si la factura final es al menos $400 más alta que el estimado, puede disputar su factura.
cov-step-financing = Si necesita repartir el costo, pregunte por el financiamiento y compare ofertas antes de firmar: el prestamista debe informarle la tasa de porcentaje anual (APR), el cargo financiero y cuánto pagará en total.
# CMS: "Medicare Original", "Aviso anticipado de no cobertura para el beneficiario" (ABN), from
# https://es.medicare.gov/basics/your-medicare-rights/your-protections
cov-step-advance_beneficiary_notice = Para servicios ambulatorios, que cubre la Parte B de Medicare: con Medicare Original, un proveedor que espera que Medicare niegue el pago (por ejemplo, porque un servicio es experimental o está en investigación) debería darle un Aviso anticipado de no cobertura para el beneficiario (ABN, formulario CMS-R-131) antes del servicio, con el motivo y un costo estimado. Si aun así quiere el servicio, la opción que pide que se facture a Medicare le da una decisión oficial que puede apelar. Sin un ABN obligatorio, es posible que no tenga que pagar si Medicare niega el pago. Los planes Medicare Advantage no usan el ABN: consulte al plan.
cov-step-prior_authorization_medicare = Con un plan Medicare Advantage, pida al plan antes del tratamiento una decisión sobre si lo pagará (una determinación de la organización); una denegación llega por escrito con el motivo y cómo apelar. Con Medicare Original, pregunte al proveedor si el servicio necesita autorización previa y si espera que Medicare lo pague.
cov-step-prior_authorization_medicaid = Pida a su programa o plan de Medicaid una autorización previa antes del tratamiento. Si le dice que no, el aviso por escrito debe dar los motivos y explicar cómo apelar o pedir una audiencia imparcial.
cov-step-prior_authorization_commercial = Pida a su plan una autorización previa antes del tratamiento y obtenga la respuesta por escrito. Si le dice que no, el aviso por escrito debe dar el motivo específico y explicar cómo apelar.
cov-step-written_determination_medicare = Obtenga la respuesta de Medicare por escrito, no por teléfono. Con un plan Medicare Advantage, pida al plan antes del tratamiento una determinación de la organización; una denegación llega por escrito con el motivo y cómo apelar. Con Medicare Original, pregunte al proveedor si espera que Medicare pague y guarde cualquier aviso por escrito que le dé.
cov-step-written_determination_medicaid = Pida a su programa o plan de Medicaid su decisión por escrito antes del tratamiento. Un aviso de denegación debe dar los motivos y explicar cómo apelar o pedir una audiencia imparcial.
cov-step-written_determination_commercial = Pida a su plan su decisión de cobertura por escrito antes del tratamiento, no por teléfono. Un aviso de denegación debe dar el motivo específico y explicar cómo apelar; la mayoría de los planes también deben ofrecer entonces una revisión externa independiente, incluso de una denegación que califique un tratamiento como experimental o en investigación.
