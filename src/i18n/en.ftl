# English: the source texts of everything a patient reads.
#
# Each message is one text; a line break inside it reads as a space. Variables ({ $name })
# receive values already written (amounts as $1,234.56, dates in words), except counts used to
# choose a plural form. Sources: the texts the rules and forms require cite them in the code
# that uses them (src/gfe/regulation.rs, src/financing/disclosure.rs).

## Dates

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
# December 20, 2026
date-long = { $month } { $day }, { $year }

## Good Faith Estimate: the statements the rule and the HHS standard form require

gfe-how-to-start = If a provider's or facility's bill is at least { $threshold } more than the
    expected charges this estimate lists for it, you may start the patient-provider dispute
    resolution process within { $days } calendar days of the date on the bill: see { $url } or
    call the No Surprises Help Desk at { $phone }. Keep a copy of this estimate and of the bill.
    The rule counts the days from when you received the first bill; counting from the date on
    the bill, as the federal form does, never gives you less time.
gfe-ask-the-provider = You may contact the provider or facility listed to let them know the
    billed charges are higher than the Good Faith Estimate. You can ask them to update the bill
    to match the Good Faith Estimate, ask to negotiate the bill, or ask if there is financial
    assistance available.
gfe-after-the-decision = There is a { $fee } fee to use the dispute process. If the agency
    reviewing your dispute agrees with you, you will have to pay the price on this Good Faith
    Estimate. If the agency disagrees with you and agrees with the provider or facility, you
    will have to pay the higher amount.
gfe-while-it-runs = While you are disputing your bill, the provider or facility cannot move the
    bill for the disputed item or service into collection or threaten to do so; if the bill has
    already moved into collection, they have to stop collecting. They must also stop adding late
    fees on the unpaid amount until the dispute is over, and cannot take or threaten any action
    against you for disputing your bill.
gfe-right-to-estimate = You have the right to receive a Good Faith Estimate explaining how much
    your medical care will cost. Under the law, health care providers need to give patients who
    don't have insurance or who are not using insurance an estimate of the bill for medical
    items and services. You have the right to receive a Good Faith Estimate for the total
    expected cost of any non-emergency items or services, including related costs like medical
    tests, prescription drugs, equipment and hospital fees. Make sure your health care provider
    gives you a Good Faith Estimate in writing at least 1 business day before your medical
    service or item. You can also ask your health care provider, and any other provider you
    choose, for a Good Faith Estimate before you schedule an item or service. If you receive a
    bill that is at least { $threshold } more than your Good Faith Estimate, you can dispute the
    bill. Make sure to save a copy or picture of your Good Faith Estimate. For questions or more
    information about your right to a Good Faith Estimate, visit { $url } or call { $phone }.
gfe-disclaimer-additional-items = Your provider may recommend other items or services as part
    of your course of care that must be scheduled or requested separately. They are not part of
    this Good Faith Estimate.
gfe-disclaimer-estimate-only = This is only an estimate of the items and services reasonably
    expected to be provided, based on what was known when it was issued. The actual items,
    services or charges may differ from it: it does not include unknown or unexpected costs, and
    you could be charged more if complications or special circumstances occur.
gfe-disclaimer-dispute-resolution = You have the right to start the patient-provider dispute
    resolution process if your bill from any provider or facility is at least { $threshold }
    more than the expected charges listed here for that provider or facility. Start it within
    { $days } calendar days of the date on the bill; for how, see { $url } or call { $phone }.
    Starting a dispute will not affect the quality of the care you receive.
gfe-disclaimer-not-a-contract = This Good Faith Estimate is not a contract. It does not require
    you to obtain the items or services from any of the providers or facilities listed in it.
gfe-separately-scheduled-disclaimer = The items and services below are not included in this
    estimate. A separate Good Faith Estimate is given for them when they are scheduled, or
    whenever you ask for one: ask the provider or facility that will furnish them.

## Good Faith Estimate: what the service says about the figures and what is missing

gfe-missing-service-code = The service code (CPT or HCPCS) of this item.
gfe-missing-diagnosis-codes = The diagnosis codes (ICD-10-CM) of this item.
gfe-missing-expected-charge = The provider's expected charge for this item: no source prices it.
gfe-missing-provider-charge = The provider's own charge for this item: the figure shown is the
    national { $version } reference price, not a charge the provider has stated.
gfe-missing-provider = The name, address, NPI and TIN of the provider or facility that will
    give the care: the quote names none.
gfe-missing-npi = The National Provider Identifier (NPI) of { $name }.
gfe-missing-tin = The Taxpayer Identification Number (TIN) of { $name }.
gfe-missing-street-address = The street address where { $name } provides the care.
gfe-missing-zip = The ZIP code of { $name }'s address.
gfe-missing-contact-person = The person to contact at { $name }.
gfe-missing-phone = The phone number of { $name }.
gfe-missing-email = The email address of { $name }.
gfe-typical-default = The typical figure is derived from the item's price range.
gfe-charge-explanation = Each item's expected charge is the typical figure of the quoted item.
    { $typical } The low and high figures beside it are the range the sources report for the
    item. A bill at least $400 over a provider's expected charges may be disputed, even when it
    stays inside that range.
gfe-basis-no-provider = No provider is named on the quote, so these are the national
    { $version } reference prices, not any provider's own charges.
gfe-basis-national = The national { $version } reference prices: { $name } has published no
    price list here, so its own charges may differ.
gfe-basis-own = { $name }'s own price list ({ $source }), as of { $date }.
gfe-separate-reason = The 2026 price for { $therapy } includes it ({ $rationale }), but this
    quote leaves it out, so it may be furnished and scheduled separately, possibly by another
    provider. No provider or price for it is known here.
gfe-separate-note = Only what the 2026 price table counts in this procedure's price but the
    quote leaves out can be derived here. The center directory does not record which services a
    center furnishes itself or schedules separately, so nothing else is listed; ask the provider
    which other services (such as follow-up visits) it will recommend and schedule separately.
gfe-separate-note-none-left-out = Only what the 2026 price table counts in this procedure's
    price but the quote leaves out can be derived here, and this quote leaves none of it out.
    The center directory does not record which services a center furnishes itself or schedules
    separately, so nothing else is listed; ask the provider which other services (such as
    follow-up visits) it will recommend and schedule separately.

## Good Faith Estimate: the printable page

gfe-page-title = Good Faith Estimate
gfe-page-title-draft = Good Faith Estimate (draft)
gfe-page-national-alert = These are not the provider's own charges. Each expected charge below
    is a national reference price. The provider must state its own charges before this is a Good
    Faith Estimate.
gfe-page-watermark = DRAFT
gfe-page-draft-note = DRAFT: this Good Faith Estimate is not complete. The provider must fill
    in every blank listed under “To be completed by the provider” before giving it to the
    patient.
gfe-page-heading = Good Faith Estimate for Health Care Items and Services
gfe-page-issued = Issued { $date } · Estimate number { $estimate } · Quote number { $quote }
gfe-page-not-scheduled = Not scheduled yet
gfe-page-patient = Patient
gfe-page-name = Name
gfe-page-date-of-birth = Date of birth
gfe-page-primary-service = Primary service
gfe-page-service = Service
gfe-page-scheduled-for = Scheduled for
gfe-page-diagnosis-codes = Diagnosis codes
gfe-page-blank-diagnosis-codes = diagnosis codes
gfe-page-total = Total expected charges: { $total }
gfe-page-please-note = Please note
gfe-page-about-treatment = About this treatment
gfe-page-your-right = Your right to a Good Faith Estimate
gfe-page-follows = This estimate follows { $regulation } and the HHS standard form. Its prices
    come from quote { $quote }, priced with the { $version } price book.
gfe-page-blank-address = address
gfe-page-blank-street-address = street address
gfe-page-blank-zip = ZIP code
gfe-page-provider = Provider or facility
gfe-page-address = Address
gfe-page-contact-person = Contact person
gfe-page-phone = Phone
gfe-page-email = Email
gfe-page-npi = NPI
gfe-page-tin = TIN
gfe-page-blank-provider-name = name of the provider or facility
gfe-page-blank-contact-person = contact person
gfe-page-blank-phone = phone
gfe-page-blank-email = email
gfe-page-blank-npi = National Provider Identifier
gfe-page-blank-tin = Taxpayer Identification Number
gfe-page-items-caption = Items and services from this provider
gfe-page-col-item = Item or service
gfe-page-col-where = Where it is provided
gfe-page-col-service-code = Service code
gfe-page-col-diagnosis-codes = Diagnosis codes
gfe-page-col-quantity = Quantity
gfe-page-col-expected-charge = Expected charge
gfe-page-provider-total = Total expected charges from this provider
gfe-page-range = The price tables this estimate comes from give { $low } to { $high } for these
    items; the expected charge is what the provider expects to bill.
gfe-page-blank-code = code
gfe-page-blank-codes = codes
gfe-page-blank-no-price = no price yet
gfe-page-separately = Items or services scheduled separately
gfe-page-none-listed = None listed.
gfe-page-if-billed-more = If you are billed more than this estimate
gfe-page-to-complete = To be completed by the provider
gfe-page-to-complete-intro = The service that wrote this estimate does not hold these details,
    and does not guess them.
gfe-page-for-item = (for “{ $item }”)
gfe-page-asked-by-form = Asked for by the standard form.

## Financing: Truth-in-Lending disclosures (Regulation Z, 12 CFR 1026.16, 1026.24)

fin-example-plans-notice = Plans shown are examples set by the operator of this service, not an
    offer of credit: no lender offers them. Financing is subject to credit approval by a lender,
    whose actual APR, terms and payments may differ.
fin-plans-notice = Plans shown are the financing plans the operator of this service has set up.
    Financing is subject to credit approval by the lender.
fin-no-plans-notice = No financing plans are configured on this service, so no monthly payments
    are shown. Ask the provider about payment options.
fin-installment = Representative example: { $amount } financed at { $apr } APR for { $months }
    { $months ->
        [one] month
       *[other] months
    } with no down payment: { $payments }; total of payments { $total }, finance charge
    { $finance_charge }.
fin-installment-level = { $count } monthly { $count ->
        [one] payment
       *[other] payments
    } of { $payment }
fin-installment-final = { $count } monthly { $count ->
        [one] payment
       *[other] payments
    } of { $payment } and a final payment of { $final }
fin-revolving = Deferred-interest promotion on a revolving credit account: for a { $amount }
    purchase, { $plan } within the { $months }-month promotion: a total of payments of { $total }
    over { $months } { $months ->
        [one] month
       *[other] months
    }. Interest will be charged to your account from the purchase date at { $apr } APR{ $variable ->
        [yes] , a variable rate,
       *[no] {""}
    } if the promotional balance is not paid in full within { $months } { $months ->
        [one] month
       *[other] months
    }. Minimum monthly payments are required; the payment shown may be more than the minimum
    payment. { $minimum } { $fee }
fin-revolving-one = one payment of { $final } pays it in full
fin-revolving-level = paying { $payment } a month for { $months } months pays it in full
fin-revolving-final = paying { $payment } a month for { $level } { $level ->
        [one] month
       *[other] months
    } and { $final } in month { $months } pays it in full
fin-no-minimum-interest = No minimum interest charge.
fin-minimum-interest = Minimum interest charge: { $amount }.
fin-no-annual-fee = No annual fee.
fin-annual-fee = Annual fee: { $amount }.
fin-as-low-as = As low as { $payment }/month
fin-as-low-as-example = Example: as low as { $payment }/month
fin-headline-installment = for { $months } { $months ->
        [one] month
       *[other] months
    } at { $apr } APR with no down payment: total of payments { $total }
fin-headline-revolving = for { $months } { $months ->
        [one] month
       *[other] months
    } to pay { $amount } in full within the deferred-interest promotion: total of payments
    { $total }. If it is not paid in full within { $months } { $months ->
        [one] month
       *[other] months
    }, interest is charged from the purchase date at { $apr } APR
fin-not-available-out-of-range = the amount must be from { $min } to { $max }
fin-not-available-below-minimum = this plan finances amounts of { $min } or more
fin-not-available-above-maximum = this plan finances amounts up to { $max }
fin-not-available-too-small = the amount is too small to spread over { $months } monthly payments
fin-not-available-misconfigured = this plan is misconfigured ({ $field })

## Price-book data: the English of src/pricing/price_book.toml, by stable code, so that a
## text frozen in a stored quote can be found and translated. A test checks each entry
## against the shipped price book.

assumption-typical = The typical price is the middle of each range, halfway between its lowest and highest price: no source states a typical price for this treatment, so it is a figure derived from the range, not a price any source quotes.
assumption-per_joint = Each joint is priced as a separate single-joint procedure: the 2026 table prices a single knee and gives no bilateral discount, so every line is multiplied by the number of joints.
assumption-sessions_per_joint = Additional sessions are counted per joint treated.
assumption-cell_source = The cell source does not change the price: the 2026 table gives one range per therapy and none per cell source.
assumption-zip = The ZIP code does not change the price: the 2026 table is national and gives no regional factors.
assumption-unpriced_add_on = The sources name it but give no price, so it is shown unpriced and left out of the total; ask the center what it charges.
assumption-center_prices = Priced from the center's own price list instead of the national 2026 ranges.
assumption-center_unpriced_add_on = The center's price list gives no price for it, so it is shown unpriced and left out of the total; ask the center what it charges.
assumption-center_unpriced_sessions = The center's price list gives no price for additional sessions, so they are shown unpriced and left out of the total; ask the center what it charges.
assumption-center_typical = The typical price of the procedure is the one the center's price list states; where it states none, and for every other item, it is the middle of the center's range, halfway between its lowest and highest price.
assumption-no_center_prices = This center has no price list of its own here, so the national 2026 ranges apply.
add-on-prp = Platelet-rich plasma (PRP)
add-on-exosomes = Exosomes in the regenerative solution
add-on-collateral_ligament_sites = Treatment of the medial and lateral collateral-ligament attachment sites
add-on-imaging_guidance = Imaging guidance
add-on-post_procedure_care = Post-procedure care
disclaimer-investigational = This is an experimental, investigational treatment: insurers deem these procedures experimental, and long-term efficacy is not yet proven.
disclaimer-investigational_back_pain = Regulatory agencies classify regenerative back-pain treatments as investigational; the evidence is still limited and protocols are not standardized.
disclaimer-results_not_guaranteed = Results vary and cannot be guaranteed.
disclaimer-insurance = Insurance rarely covers these procedures; patients pay cash or use financing.
disclaimer-not_fda_approved = Stem-cell therapy is not FDA-approved for cartilage regeneration.
disclaimer-not_fda_approved_back = No stem-cell product is FDA-approved to treat back pain. FDA's consumer alert of July 22, 2020 says the only FDA-approved stem cell products were blood-forming stem cells from umbilical cord blood, approved for disorders that affect the production of blood and not for other uses; the one MSC product approved since, remestemcel-L (December 18, 2024), is for steroid-refractory acute graft-versus-host disease in children.
disclaimer-modest_effect = Effectiveness for joint pain is modest and not consistently superior to established treatments, and robust evidence of cartilage regeneration in humans is lacking.
disclaimer-advanced_arthritis = Results are usually less impressive in advanced, bone-on-bone arthritis; the evidence of cartilage repair is strongest in early-stage osteoarthritis.
disclaimer-risks = Risks include injection-site pain, inflammation, infection and unintended tissue differentiation.
disclaimer-choose_a_regulated_clinic = Choose GMP-compliant, FDA-regulated clinics, consult orthopedic specialists, and set realistic expectations about pain relief versus true regeneration.
disclaimer-pilot_trial_stage = 3-D bioprinted MSC scaffold constructs are at the stage of GMP-compliant pilot trials (2026).
disclaimer-fda_exosome_products = FDA's consumer alert of July 22, 2020 says there are no FDA-approved exosome products, and that exosome products intended to treat diseases or conditions in humans require FDA approval.
disclaimer-fda_cord_products = FDA's consumer alert of July 22, 2020 says the only FDA-approved stem cell products were blood-forming stem cells from umbilical cord blood, approved for disorders that affect the production of blood and not for other uses: no umbilical-cord product is FDA-approved to repair cartilage.
therapy-knee_msc_injection-name = Single-knee MSC injection
therapy-knee_msc_injection-delivery_method = Intra-articular injection (often with PRP)
therapy-knee_msc_injection-typical = The typical price is one tenth of the way from the lowest to the highest price of each range. That is where the one typical price a source states falls: one clinic gives $6,000 to $9,000 as a typical cost of its knee stem-cell treatment, and the middle of that, $7,500, is one tenth of the way up the 2026 table's $5,000 to $30,000 for one knee with imaging and post-care. It is a figure derived from the ranges, not a price any source quotes.
therapy-knee_msc_injection-default_add_ons = No add-ons were chosen, so imaging guidance and post-procedure care are included: the table's single-knee total ($5,000-$30,000) includes them.
therapy-knee_msc_injection-coverage = Rarely covered; classified as experimental
line-knee_msc_injection-base = MSC injection, per knee
line-knee_msc_injection-additional_sessions = Additional session, per knee
line-knee_msc_injection-additional_sessions-rationale = No source gives a price for additional sessions, so they are shown unpriced and left out of the total; ask the center what it charges. The clinic that splits its treatment into 6 sessions says its cost depends mainly on how much regenerative solution is used.
line-knee_msc_injection-imaging_and_post_care = Imaging guidance and post-procedure care, per knee
line-knee_msc_injection-imaging_and_post_care-rationale = The table prices imaging and post-care only together, as the difference between its single-knee total and base rows, so choosing either or both adds this one line.
therapy-knee_msc_prp-name = MSC + PRP combo
therapy-knee_msc_prp-delivery_method = Injection (often ultrasound-guided)
therapy-knee_msc_prp-typical = The typical price is one tenth of the way from the lowest to the highest price of each range. That is where the one typical price a source states falls: one clinic gives $6,000 to $9,000 as a typical cost of its knee stem-cell treatment, and the middle of that, $7,500, is one tenth of the way up the 2026 table's $5,000 to $30,000 for one knee with imaging and post-care. It is a figure derived from the ranges, not a price any source quotes.
therapy-knee_msc_prp-coverage = Usually not covered
line-knee_msc_prp-base = MSC + PRP combination injection, per knee
line-knee_msc_prp-additional_sessions = Additional session, per knee
line-knee_msc_prp-additional_sessions-rationale = No source gives a price for additional sessions, so they are shown unpriced and left out of the total; ask the center what it charges. The clinic that splits its treatment into 6 sessions says its cost depends mainly on how much regenerative solution is used.
therapy-scaffold_construct-name = Scaffold-based or bioprinted construct
therapy-scaffold_construct-delivery_method = Implantation of bio-ink construct
therapy-scaffold_construct-coverage = Not covered (investigational)
line-scaffold_construct-base = MSC-seeded scaffold or bioprinted construct, per joint
therapy-back_msc_prp-name = Back-pain MSC/PRP therapy (experimental)
therapy-back_msc_prp-delivery_method = MSC or PRP injections
therapy-back_msc_prp-coverage = Not covered
line-back_msc_prp-base = Back-pain MSC/PRP therapy, one treatment
therapy-hsct-name = Hematopoietic stem-cell transplant
therapy-hsct-coverage = Only FDA-approved hematologic transplants receive Medicare or private reimbursement
therapy-remestemcel_l-name = Remestemcel-L (Ryoncil)

## Coverage answers: the sentences the service writes around the rules' texts.

cov-assumed = No condition was given, so this answer assumes { $condition }, the main use of { $therapy }. { $explanation }
cov-off-indication = Our sources do not list { $therapy } as a treatment for { $asked }; they list it for { $listed }.
cov-off-insurer = We hold no source showing an insurer paying for this use, so treat it as not covered unless your insurer confirms otherwise in writing.
cov-off-self-pay = We hold no source showing an insurer paying for this use. You are paying for this yourself, so the provider bills you directly.
# `a, b and c`: $init is the list but its last item.
cov-list-and = { $init } and { $last }
cov-pay-direct = You pay the provider directly.
cov-pay-if-not-approved = This is what you would pay yourself if your insurer does not approve coverage.
cov-pay-unless-confirmed = Expect to pay this yourself unless your insurer confirms coverage in writing before treatment.
cov-pay-cash-range = This is the cash price range for the therapy; the provider's Good Faith Estimate gives your own price.

## Coverage answers: copies of the texts in src/coverage/rules.toml (the source), keyed by
# each row's stable code or id. A unit test checks each copy matches rules.toml word for word;
# a Spanish text is used only while its English copy still matches the loaded rules.

cov-condition-knee_osteoarthritis = knee osteoarthritis
cov-condition-knee_osteoarthritis-summary = For knee osteoarthritis the 2026 disease table lists autologous MSC injections into the joint, often with PRP. The sources report clinically meaningful pain relief or functional improvement in roughly 60-70 % of appropriately selected patients (a share of patients, not the size of the improvement), with benefit comparable to corticosteroid injections in the largest trial; they call the effect modest and not consistently superior to established treatments, and long-term efficacy is not yet proven.
cov-condition-age_related_frailty = age-related frailty
cov-condition-age_related_frailty-summary = For age-related frailty the 2026 disease table lists MSC-derived secretomes and exosomes, still in early Phase I/II trials with small cohorts.
cov-condition-rheumatoid_arthritis = rheumatoid arthritis
cov-condition-rheumatoid_arthritis-summary = For rheumatoid arthritis the 2026 disease table lists MSCs and exosomes at the pre-clinical stage, with limited human data.
cov-condition-multiple_sclerosis = multiple sclerosis
cov-condition-multiple_sclerosis-summary = For multiple sclerosis the 2026 disease table lists MSCs and exosomes at the pre-clinical or early Phase I stage.
cov-condition-hematologic_malignancy = hematologic malignancies
cov-condition-hematologic_malignancy-summary = For hematologic malignancies the 2026 disease table lists hematopoietic stem-cell transplants as established, curative transplants.
cov-condition-cartilage_defect = cartilage defects
cov-condition-cartilage_defect-summary = For cartilage defects the 2026 disease table lists iPSC-derived chondrocytes and limb-bud progenitor cells, still in pre-clinical animal studies.
cov-condition-back_pain = back pain
cov-condition-back_pain-summary = For back pain the 2026 source says MSC and PRP injections are being studied, the evidence is still limited, and regulators classify them as investigational.
cov-condition-steroid_refractory_acute_gvhd_pediatric = steroid-refractory acute graft-versus-host disease in children
cov-condition-steroid_refractory_acute_gvhd_pediatric-summary = For steroid-refractory acute graft-versus-host disease in children 2 months and older, remestemcel-L (Ryoncil) has been FDA-approved since 18 December 2024.
cov-therapy-knee_msc_injection = a single-knee MSC injection
cov-therapy-knee_msc_prp = an MSC + PRP combination injection
cov-therapy-scaffold_construct = a scaffold-based or bioprinted MSC construct
cov-therapy-back_msc_prp = back-pain MSC/PRP therapy
cov-therapy-hsct = a hematopoietic stem-cell transplant
cov-therapy-remestemcel_l = remestemcel-L (Ryoncil)
cov-therapy-remestemcel_l-off-indication = Its FDA approval covers only that use; it does not make MSC treatment of joints, the back or any other condition approved.
cov-rule-knee_msc_injection_insured = The 2026 access table says a single-knee MSC injection is “rarely covered” because it is classified as experimental, and one knee clinic's own account says it “is not covered by insurance”. Plan on paying for it yourself unless your insurer confirms coverage in writing before treatment.
cov-rule-knee_msc_injection_self_pay = You are paying for this yourself: the provider bills you directly, and patients pay cash or use financing. Even with insurance it would rarely be paid: the 2026 access table says a single-knee MSC injection is “rarely covered” because it is classified as experimental.
cov-rule-knee_msc_prp_insured = The 2026 access table says an MSC + PRP combination is “usually not covered”, and the same source describes it as still investigational. Plan on paying for it yourself unless your insurer confirms coverage in writing before treatment.
cov-rule-knee_msc_prp_self_pay = You are paying for this yourself: the provider bills you directly, and patients pay cash or use financing. Even with insurance it would usually not be paid: the 2026 access table says an MSC + PRP combination is “usually not covered”.
cov-rule-scaffold_construct_insured = The 2026 access table lists scaffold-based and bioprinted constructs as “Not covered (investigational)”. Expect to pay for it yourself.
cov-rule-scaffold_construct_self_pay = You are paying for this yourself: the provider bills you directly, and patients pay cash or use financing. Insurance would not pay either: the 2026 access table lists scaffold-based and bioprinted constructs as “Not covered (investigational)”.
cov-rule-back_msc_prp_insured = The 2026 access table lists back-pain MSC/PRP therapy as “Not covered”, and the same source says regulatory agencies classify these treatments as investigational. Expect to pay for it yourself.
cov-rule-back_msc_prp_self_pay = You are paying for this yourself: the provider bills you directly, and patients pay cash or use financing. Insurance would not pay either: the 2026 access table lists back-pain MSC/PRP therapy as “Not covered”.
cov-rule-hsct_medicare = A hematopoietic stem-cell transplant is an established, curative transplant procedure for hematologic malignancies. The 2026 source says only FDA-approved hematologic transplants receive Medicare or private reimbursement: a condition for payment, not a promise that every transplant is paid. Medicare's National Coverage Determination 110.23 covers stem-cell transplants for the indications it names, covers some others only for patients enrolled in approved clinical studies, and leaves indications it does not name to the local Medicare contractor. Whether Medicare pays depends on your diagnosis and its stage; ask the transplant center and Medicare (or your Medicare Advantage plan) before treatment.
cov-rule-hsct_commercial = A hematopoietic stem-cell transplant is an established, curative transplant procedure for hematologic malignancies. The 2026 source says only FDA-approved hematologic transplants receive Medicare or private reimbursement: a condition for payment, not a promise that every transplant is paid. Each plan covers transplants for the indications and criteria in its own policy, such as the diagnosis and its stage, medical necessity, its network and prior authorization; ask your plan for prior authorization before treatment.
cov-rule-hsct_medicaid = A hematopoietic stem-cell transplant is an established, curative transplant procedure for hematologic malignancies, but the 2026 source names only Medicare and private insurers as paying for hematologic transplants and says nothing about Medicaid, so we cannot say whether your Medicaid program pays. Ask it for prior authorization before treatment.
cov-rule-hsct_self_pay = You are paying for this yourself: the transplant center bills you directly. Our price tables hold no cash price for a transplant, so ask the center for a Good Faith Estimate. If you have Medicare or private insurance, ask it before treatment: the 2026 source says FDA-approved hematologic transplants can receive Medicare or private reimbursement.
cov-rule-remestemcel_l_insured = Remestemcel-L (Ryoncil), the first FDA-approved MSC product, has been approved since 18 December 2024 for steroid-refractory acute graft-versus-host disease in children 2 months and older. An approved indication makes coverage possible, but we hold no insurer's policy on it, so ask for prior authorization before treatment.
cov-rule-remestemcel_l_self_pay = You are paying for this yourself: the treating center bills you directly. Our price tables hold no cash price for remestemcel-L, so ask the center for a Good Faith Estimate. Because it is FDA-approved for this use, an insurer may pay for it; if the patient has coverage, asking for prior authorization is worth it.
cov-orthopedic-note = No MSC product is FDA-approved for joints or the back: the only approved MSC product, remestemcel-L (Ryoncil, approved 18 December 2024), is for a transplant complication in children, and one knee clinic's own account notes that stem-cell therapy “is not FDA-approved for cartilage regeneration”.
cov-step-good_faith_estimate = Ask the provider for a written Good Faith Estimate. If you pay for this yourself (you are uninsured, your coverage has no benefits for it, or you have a private plan and choose not to bill it), the provider must give you one: within 1 business day of booking (3 business days if you book 10 or more business days ahead), or within 3 business days of your asking. If the final bill is $400 or more above the estimate, you can dispute it.
cov-step-financing = If you need to spread the cost, ask about financing and compare offers before you sign: the lender must disclose the annual percentage rate (APR), the finance charge and what you will repay in total.
cov-step-advance_beneficiary_notice = For outpatient services, which Medicare Part B covers: with Original Medicare, a provider who expects Medicare to deny payment (for example because a service is experimental or investigational) should give you an Advance Beneficiary Notice of Noncoverage (ABN, form CMS-R-131) before the service, with the reason and an estimated cost. If you still want the service, the option that asks for Medicare to be billed gets you an official decision you can appeal. Without a required ABN you may not have to pay if Medicare denies. Medicare Advantage plans do not use the ABN: ask the plan instead.
cov-step-prior_authorization_medicare = With a Medicare Advantage plan, ask the plan before treatment for a decision on whether it will pay (an organization determination); a denial comes in writing with the reason and how to appeal. With Original Medicare, ask the provider whether the service needs prior authorization and whether it expects Medicare to pay.
cov-step-prior_authorization_medicaid = Ask your Medicaid program or plan for prior authorization before treatment. If it says no, the written notice must give the reasons and explain how to appeal or ask for a fair hearing.
cov-step-prior_authorization_commercial = Ask your plan for prior authorization before treatment and get the answer in writing. If it says no, the written notice must give the specific reason and explain how to appeal.
cov-step-written_determination_medicare = Get Medicare's answer in writing, not over the phone. With a Medicare Advantage plan, ask the plan before treatment for an organization determination; a denial comes in writing with the reason and how to appeal. With Original Medicare, ask the provider whether it expects Medicare to pay, and keep any written notice it gives you.
cov-step-written_determination_medicaid = Ask your Medicaid program or plan for its decision in writing before treatment. A denial notice must give the reasons and explain how to appeal or ask for a fair hearing.
cov-step-written_determination_commercial = Ask your plan for its coverage decision in writing before treatment, not over the phone. A denial notice must give the specific reason and explain how to appeal; most plans must then also offer an independent external review, including of a denial that calls a treatment experimental or investigational.
