* Gemaakt door zicht 0.1.0 uit cases.csv.
* Codeboek: zicht-monitor 2022.1.
* Codes: 1 t/m k in de volgorde van het codeboek; ja = 1, nee = 0.
* Onbekend (lege cel) = -1, niet van toepassing = -2: user-missing.
* Een geëxcludeerde casus: elke lege codering = -2 (alleen status en reden).
* Datums in SDATE10 (jjjj/mm/dd); een onbekende datum is system-missing.
* Meervoudige antwoorden: sets $naam, dichotomieën met getelde waarde 1.

GET DATA
  /TYPE=TXT
  /FILE='DIR/cases.csv'
  /ENCODING='UTF8'
  /ARRANGEMENT=DELIMITED
  /DELCASE=LINE
  /FIRSTCASE=2
  /DELIMITERS=","
  /QUALIFIER='"'
  /VARIABLES=
    case_id A6
    year F4.0
    first_contact SDATE10
    channel F2.0
    n_conversations F4.0
    status F2.0
    exclusion_reason F2.0
    language F2.0
    referral F2.0
    chatter F2.0
    exploitation F2.0
    both_onset F2.0
    victim_gender F2.0
    victim_age F3.0
    first_disclosure F2.0
    acutely_unsafe F2.0
    time_since F2.0
    duration F2.0
    met F2.0
    met_platform F2.0
    perpetrator F2.0
    perpetrator_family F2.0
    perpetrator_social F2.0
    multiple_perpetrators F2.0
    multiple_victims F2.0
    client_knew F2.0
    client_should_have_known F2.0
    coercion_sextortion F2.0
    coercion_substance F2.0
    coercion_lvb F2.0
    coercion_age_gap F2.0
    coercion_cohabiting F2.0
    coercion_violence F2.0
    coercion_financial F2.0
    coercion_other F2.0
    violence_sexual F2.0
    violence_physical F2.0
    violence_verbal F2.0
    violence_psychological F2.0
    crime_drugs F2.0
    crime_theft F2.0
    crime_money_laundering F2.0
    crime_recruitment F2.0
    crime_other F2.0
    client_ind_very_young F2.0
    client_ind_trafficker_present F2.0
    client_ind_parent_trafficker F2.0
    client_ind_violence F2.0
    client_ind_filmed F2.0
    client_ind_refusal_ignored F2.0
.

VARIABLE LABELS
  case_id 'Casusnummer'
  /year 'Rapportagejaar'
  /first_contact 'Datum eerste contact'
  /channel 'Kanaal'
  /n_conversations 'Aantal gesprekken'
  /status 'Status'
  /exclusion_reason 'Reden van exclusie'
  /language 'Taal'
  /referral 'Verwijzing naar de chat'
  /chatter 'Achtergrond chatter'
  /exploitation 'Vorm van uitbuiting'
  /both_onset 'Volgorde bij beide vormen'
  /victim_gender 'Gender slachtoffer'
  /victim_age 'Leeftijd slachtoffer'
  /first_disclosure 'First disclosure'
  /acutely_unsafe 'Acuut onveilig'
  /time_since 'Tijd sinds de uitbuiting'
  /duration 'Duur van de uitbuiting'
  /met 'Kennismaking met de pleger'
  /met_platform 'Platform van kennismaking'
  /perpetrator 'Relatie pleger'
  /perpetrator_family 'Familierelatie pleger'
  /perpetrator_social 'Pleger uit de sociale omgeving'
  /multiple_perpetrators 'Meerdere plegers'
  /multiple_victims 'Andere slachtoffers bekend'
  /client_knew 'Klanten wisten het'
  /client_should_have_known 'Klanten hadden het moeten weten'
  /coercion_sextortion 'Sextortion'
  /coercion_substance 'Middelenafhankelijkheid'
  /coercion_lvb 'Licht verstandelijke beperking'
  /coercion_age_gap 'Leeftijdsverschil'
  /coercion_cohabiting 'Inwonend'
  /coercion_violence 'Geweld'
  /coercion_financial 'Financiële afhankelijkheid'
  /coercion_other 'Anders'
  /violence_sexual 'Seksueel geweld'
  /violence_physical 'Fysiek geweld'
  /violence_verbal 'Verbaal geweld'
  /violence_psychological 'Psychisch geweld'
  /crime_drugs 'Drugs vervoeren of dealen'
  /crime_theft 'Diefstal'
  /crime_money_laundering 'Witwassen'
  /crime_recruitment 'Ronselen'
  /crime_other 'Anders'
  /client_ind_very_young 'Zeer jong'
  /client_ind_trafficker_present 'Uitbuiter aanwezig'
  /client_ind_parent_trafficker 'Ouder als uitbuiter'
  /client_ind_violence 'Geweld door klant'
  /client_ind_filmed 'Gefilmd'
  /client_ind_refusal_ignored 'Weigering genegeerd'
.

VALUE LABELS
  year n_conversations
    -1 'Onbekend (niet genoemd)'
  /channel
    1 'Chat met Fier'
    2 'Centrum Seksueel Geweld'
    -1 'Onbekend (niet genoemd)'
  /status
    1 'Geïncludeerd'
    2 'Geëxcludeerd'
    -1 'Onbekend (niet genoemd)'
  /exclusion_reason
    1 'Ander seksueel geweld'
    2 'Alleen sextortion'
    3 'Financiële uitbuiting of afpersing'
    4 'Anders'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /language
    1 'Nederlands'
    2 'Andere taal'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /referral
    1 'Hulpverlener'
    2 'Kindertelefoon'
    3 'Andere hulporganisatie'
    4 'Zoekmachine'
    5 'Media'
    6 'Sociale omgeving'
    7 'Website van een partner'
    8 'Anders'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /chatter
    1 'Slachtoffer'
    2 'Familielid'
    3 '(Ex-)partner'
    4 'Sociale omgeving'
    5 'Klant'
    6 'Anders'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /exploitation
    1 'Seksuele uitbuiting'
    2 'Criminele uitbuiting'
    3 'Seksuele en criminele uitbuiting'
    4 'Arbeidsuitbuiting'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /both_onset
    1 'Eerst seksueel'
    2 'Eerst crimineel'
    3 'Tegelijk'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /victim_gender
    1 'Vrouw'
    2 'Man'
    3 'Neutraal'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /victim_age
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /first_disclosure acutely_unsafe multiple_perpetrators multiple_victims
    client_knew client_should_have_known coercion_sextortion
    coercion_substance coercion_lvb coercion_age_gap coercion_cohabiting
    coercion_violence coercion_financial coercion_other violence_sexual
    violence_physical violence_verbal violence_psychological crime_drugs
    crime_theft crime_money_laundering crime_recruitment crime_other
    client_ind_very_young client_ind_trafficker_present
    client_ind_parent_trafficker client_ind_violence client_ind_filmed
    client_ind_refusal_ignored
    1 'Ja'
    0 'Nee'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /time_since
    1 'Nog gaande'
    2 'Minder dan een jaar geleden gestopt'
    3 'Een tot vijf jaar geleden gestopt'
    4 'Meer dan vijf jaar geleden gestopt'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /duration
    1 'Korter dan 3 maanden'
    2 '3 tot 12 maanden'
    3 '1 tot 2 jaar'
    4 '2 tot 5 jaar'
    5 'Langer dan 5 jaar'
    6 'Meerdere jaren'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /met
    1 'Offline'
    2 'Online'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /met_platform
    1 'Datingapp'
    2 'Instagram'
    3 'Snapchat'
    4 'Andere sociale media'
    5 'Sekssite'
    6 'Anders'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /perpetrator
    1 '(Ex-)partner'
    2 'Familielid'
    3 'Sociale omgeving'
    4 'Anders'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /perpetrator_family
    1 'Vader'
    2 'Moeder'
    3 'Beide ouders'
    4 'Oom of tante'
    5 'Broer of zus'
    6 'Grootouder'
    7 'Ander familielid'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
  /perpetrator_social
    1 'Vriend of kennis'
    2 'Contact uit het netwerk'
    3 'Contact via sociale media'
    4 'Anders'
    -1 'Onbekend (niet genoemd)'
    -2 'Niet van toepassing'
.

MISSING VALUES
  year channel n_conversations status
    (-1)
  /exclusion_reason language referral chatter exploitation both_onset
    victim_gender victim_age first_disclosure acutely_unsafe time_since
    duration met met_platform perpetrator perpetrator_family
    perpetrator_social multiple_perpetrators multiple_victims client_knew
    client_should_have_known coercion_sextortion coercion_substance
    coercion_lvb coercion_age_gap coercion_cohabiting coercion_violence
    coercion_financial coercion_other violence_sexual violence_physical
    violence_verbal violence_psychological crime_drugs crime_theft
    crime_money_laundering crime_recruitment crime_other
    client_ind_very_young client_ind_trafficker_present
    client_ind_parent_trafficker client_ind_violence client_ind_filmed
    client_ind_refusal_ignored
    (-2, -1)
.

VARIABLE LEVEL
  case_id channel status exclusion_reason language referral chatter
    exploitation both_onset victim_gender first_disclosure acutely_unsafe
    time_since duration met met_platform perpetrator perpetrator_family
    perpetrator_social multiple_perpetrators multiple_victims client_knew
    client_should_have_known coercion_sextortion coercion_substance
    coercion_lvb coercion_age_gap coercion_cohabiting coercion_violence
    coercion_financial coercion_other violence_sexual violence_physical
    violence_verbal violence_psychological crime_drugs crime_theft
    crime_money_laundering crime_recruitment crime_other
    client_ind_very_young client_ind_trafficker_present
    client_ind_parent_trafficker client_ind_violence client_ind_filmed
    client_ind_refusal_ignored
    (NOMINAL)
  /year first_contact n_conversations victim_age
    (SCALE)
.

MRSETS
  /MDGROUP NAME=$coercion LABEL='Dwangmiddelen'
    VARIABLES=
      coercion_sextortion coercion_substance coercion_lvb coercion_age_gap
      coercion_cohabiting coercion_violence coercion_financial
      coercion_other
    VALUE=1 CATEGORYLABELS=VARLABELS
  /MDGROUP NAME=$violence LABEL='Soorten geweld'
    VARIABLES=
      violence_sexual violence_physical violence_verbal
      violence_psychological
    VALUE=1 CATEGORYLABELS=VARLABELS
  /MDGROUP NAME=$crime LABEL='Vormen van criminele uitbuiting'
    VARIABLES=
      crime_drugs crime_theft crime_money_laundering crime_recruitment
      crime_other
    VALUE=1 CATEGORYLABELS=VARLABELS
  /MDGROUP NAME=$client_ind LABEL='Indicatoren kennis klanten'
    VARIABLES=
      client_ind_very_young client_ind_trafficker_present
      client_ind_parent_trafficker client_ind_violence client_ind_filmed
      client_ind_refusal_ignored
    VALUE=1 CATEGORYLABELS=VARLABELS
.

FILE LABEL 'Codeboek Monitor onzichtbare slachtoffers van mensenhandel'.
ADD DOCUMENT
  'Gemaakt door zicht 0.1.0 uit cases.csv.'
  'Codeboek: zicht-monitor 2022.1.'
  'Codes: 1 t/m k in de volgorde van het codeboek; ja = 1, nee = 0.'
  'Onbekend (lege cel) = -1, niet van toepassing = -2: user-missing.'
  'Een geëxcludeerde casus: elke lege codering = -2 (alleen status en reden).'
  'Datums in SDATE10 (jjjj/mm/dd); een onbekende datum is system-missing.'
  'Meervoudige antwoorden: sets $naam, dichotomieën met getelde waarde 1.'
.
EXECUTE.
