/**
 * What happened: cue phrases per event type, English and Spanish, on folded lower-case text.
 * States ("wanted by INTERPOL", "con alerta roja", "tiene pedido de captura") have no cue, and
 * negated cues ("without arrest", "sin ser detenido") are refused.
 */
import type { EventType } from '../types.ts';

/** One cue pattern. */
export interface CueRule {
  readonly type: Exclude<EventType, 'red_notice'>;
  readonly re: RegExp;
  /** A weak cue (a noun such as "arrest request") needs a country in its own clause. */
  readonly weak?: boolean;
  /** The destination must follow within this many characters ("is in Baghdad", "left Moscow"). */
  readonly window?: number;
  /** Refuse the cue when the text just before it matches. */
  readonly notAfter?: RegExp;
  /** The cue does not imply the item's accused as its object (a judge's order, a protest note). */
  readonly needsObject?: boolean;
  /** Refuse the noun "request" after "at/on X's" unless "to/for" follows ("at Argentina's request,"). */
  readonly howNoun?: boolean;
  /** A return or departure ("flew home from Kabul"): the place after the cue is where he was. */
  readonly fromPlace?: boolean;
  /** A request named only as a noun ("despite Argentina's arrest request"): its country is his trip's in the sentence. */
  readonly needsTrip?: boolean;
}

/** A cue found in a clause. */
export interface CueMatch {
  readonly type: EventType;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly weak: boolean;
  readonly window?: number;
  readonly needsObject?: boolean;
  readonly fromPlace?: boolean;
  readonly needsTrip?: boolean;
}

const NEG_TRAVEL =
  /\b(not|never|no|nunca|cancel\w*|suspend\w*|without|sin|did not|didn't|won't|will not|instead of|in case|if|si|should|unless|salvo que|a menos que|en caso de que|might|could|podria|skip\w*|miss\w*|cancel\w*|possible|posible|eventual|potential|rumou?red|rumou?rs?|rumores|versiones|supuest[oa]|presunt[oa]|hypothetical|hipotetic[oa])\s+(\w+\s+){0,3}$/;
const NEG_REQUEST =
  /\b(not|never|no|nunca|yet to|aun no|todavia no|without|sin)\s+(yet\s+|aun\s+|todavia\s+)?(\w+\s+){0,3}$|\b(si|whether|if|will|would|could|should|must|may|might|plans? to|intends? to|debera|deberan|deberia|podria|va a|iba a)\s+$/;
/** Words inside a cue that deny it ("was not detained"). */
const NEG_INSIDE = /\b(not|never|no|nunca)\b/;
const NEG_DETENTION =
  /\b(not|never|without|avoid\w*|escap\w*|evad\w*|elud\w*|evit\w*|to have|bid|wants?|seeks?|sought|ask\w*|urg\w*|request\w*|no one|nobody|none|neither|nor|failed to|refus\w*|no|ni|sin|nunca|jamas|nadie|ninguno|ninguna|por no haber|para que|que sea|que fuera|pidi\w*|solicit\w*)\b[^.;,]{0,30}$/;
// "arrested at Argentina's request, ...": how something else was done, not a request; but "act
// on Argentina's request to detain him" names one.
const HOW_BEFORE = /\b(?:at|on|upon|by|per|following)\s+(?:[\w-]+'s?|the|its|their|his|a)\s+$/;
const REQUEST_OBJECT_AFTER = /^\s*(?:to|for|that)\b/;
const NEG_REQUEST_NOUN =
  /\b(tiene|tienen|tenia|con|pesa|pesan|sobre|has|have|had|faces|facing|under|subject to|vigentes?)\s+(un\s+|una\s+|a\s+|an\s+|the\s+|el\s+|los\s+)?((?:international|internacional|pending|outstanding|argentine|argentino|formal|new|nuevo)\s+)?$/;

const R = (type: CueRule['type'], re: RegExp, extra: Partial<CueRule> = {}): CueRule => ({ type, re, ...extra });

/** Cue rules for travel, requests, detentions and extradition decisions. */
export const CUE_RULES: readonly CueRule[] = [
  // travel, English
  R('travel', /\b(arriv(?:e|es|ed|ing|al)|land(?:s|ed|ing)?|touch(?:es|ed)? down)\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\b(visit(?:s|ed|ing)?|trip|tour(?:s|ed|ing)?|journey|stopover|travel(?:s|ed|led|ing|ling)?)\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\b(fl(?:ew|ies|y|ying)|went|goes|going|headed|heads|heading|moved on|continued)\s+(?:on\s+|from\s+(?:[\w-]+\s+){1,3}?)?to\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\b(?:is|was|were|are|remains|remained|be|been|stays|stayed|now)\s+(?:now\s+|currently\s+|still\s+|already\s+|back\s+|reportedly\s+|reported to be\s+|said to be\s+)?in\b/g, { window: 6, notAfter: NEG_TRAVEL }),
  R('travel', /\b(attend(?:s|ed|ing)?|address(?:es|ed|ing)?|lectur(?:e|es|ed|ing)|spoke|speaks|speaking|took part|takes part|taking part|participat(?:e|es|ed|ing)|turned up|turns up|appear(?:s|ed|ing)? (?:with|at|in|alongside))\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\b(due (?:in|to (?:visit|attend|speak|arrive|travel|address))|scheduled to|expected (?:in|to (?:visit|attend|arrive|travel|speak))|on the program(?:me)?|among (?:the )?(?:[\w-]+ )?(?:speakers|participants|guests|attendees|dignitaries|delegates)|on the list of (?:speakers|participants|guests|attendees)|invited to|will (?:visit|attend|travel|address|speak))\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\b(received|receives|met|meets|meeting with|held talks|(?:after|before|while|when) (?:meeting|visiting))\b/g, { notAfter: NEG_TRAVEL }),
  // "was seen in Beirut", "fue visto en Caracas"
  R('travel', /\b(?:was|were|been|is|are|being)\s+(?:\w+\s+)?(?:seen|spotted|sighted|photographed|filmed)\s+(?:in|at)\b|\b(?:fue|fueron|ha sido|habia sido)\s+(?:vist[oa]s?|fotografiad[oa]s?|filmad[oa]s?)\s+en\b/g, { window: 6, notAfter: NEG_TRAVEL }),
  R('travel', /\b(opened|opens|inaugurat(?:ed|es|ing)|presided over|presides over|inauguro|inaugura|inaugurara|presidio|encabezo)\b/g, { notAfter: NEG_TRAVEL }),
  // "spent three days in Islamabad", "pasó cuatro días en Pakistán", "estuvo dos semanas en"
  R('travel', /\b(?:spent|spends|spending|stayed|pas[oa]|estuvo|permanecio)\s+(?:[\w-]+\s+){0,2}(?:days?|nights?|hours?|weeks?|dias|noches|horas|semanas)\s+(?:in|en)\b/g, { window: 6, notAfter: NEG_TRAVEL }),
  R('travel', /\b(left|leaves|leaving|departed|cut(?:s)? short|wrap(?:s|ped)? up)\b/g, { window: 20 }),
  R('travel', /\b(accompan(?:y|ies|ied|ying)|presence|delegation)\b/g, { notAfter: NEG_TRAVEL }),
  // A return or departure names where he was: "flew home from Kabul", "returned to Tehran from Doha"
  // ("came from" without back/home is where he is from).
  R('travel', /\b(?:(?:fl(?:ew|own|ies|y|ying)|return(?:s|ed|ing)?|travell?ed|departed)\s+(?:(?:back|home)\s+){0,2}|(?:headed|went|came)\s+(?:back|home)\s+(?:(?:back|home)\s+)?)(?:to\s+(?:[\w-]+\s+){1,3}?)?from\b/g, { window: 8, notAfter: NEG_TRAVEL, fromPlace: true }),
  R('travel', /\bduring (?:a|an|the|his|their) (?:[\w-]+ ){0,3}(?:visit|ceremony|summit|conference|meeting|trip|stay|tour|inauguration|event|forum|swearing-in)/g),
  // travel, Spanish
  R('travel', /\b(llego|llega|llegara|llegaron|arribo|aterrizo|aterriza|aterrizara)\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\b(viajo|viaja|viajara|viajaron|viajar|viaje|visito|visita|visitas|visitara|visitaron|visitar|gira)\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\b(participo|participa|participara|participaron|participar|asistio|asiste|asistira|asisten|asistieron|asistir)\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\b(estuvo|esta|estara|estaba|se encuentra|se encontraba|se encontraria|estaria|permanece)\s+(?:desde\s+(?:el\s+|hace\s+)?[\w]+\s+(?:dias\s+)?|ahora\s+|todavia\s+|aun\s+)?en\b/g, { window: 6, notAfter: NEG_TRAVEL }),
  R('travel', /\b((?:dio|da|dara|brindo|brindara|ofrecio)\s+(?:una\s+|unas\s+)?(?:conferencias?|charlas?|discursos?)|disertar|diserto|disertara|expuso)\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\b(fue recibido|recibio|recibira|se reunio|se reunira|se reunieron|paso por|siguio viaje|acompano|acompanara|acompanando|presencia|delegacion|comitiva)\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\b(abandonar|abandono|abandone|abandona|irse de|se fue de|salio de|dejo)\b/g, { window: 20 }),
  // "regresó a Teherán desde Beirut", "volvió de Bagdad", "retornó procedente de Doha"
  R('travel', /\b(?:regreso|regresa|regresara|regresaron|volvio|vuelve|volvera|volvieron|retorno|retorna|retornara)\s+(?:(?:ayer|hoy|anoche|el\s+\w+|este\s+\w+)\s+)?(?:a\s+(?:[\w-]+\s+){1,3}?(?:desde|procedente de|proveniente de)|desde|de|procedente de|proveniente de)\b/g, { window: 8, notAfter: NEG_TRAVEL, fromPlace: true }),
  R('travel', /\b(anunciad[oa] (?:entre|para|en)|entre los oradores|previst[oa] (?:en|para)|programad[oa] (?:en|para)|esperad[oa] en|invitad[oa] a)\b/g, { notAfter: NEG_TRAVEL }),
  R('travel', /\bdurante (?:un|una|el|la|su|sus) (?:[\w-]+ ){0,3}(?:visita|acto|ceremonia|cumbre|conferencia|reunion|viaje|estadia|gira|asuncion|foro)/g),

  // arrest requests, English
  R('arrest_request', /\b(ask(?:s|ed|ing)?|urg(?:e|es|ed|ing)|call(?:s|ed)? on|press(?:es|ed|ing)?|request(?:s|ed|ing)?|petition(?:s|ed)?|demand(?:s|ed|ing)?|instruct(?:s|ed)?|alert(?:s|ed)?|notif(?:y|ied|ies))\b[^.;]{0,90}?\b(arrest\w*|detain\w*|detention|extradit\w*|hand(?:ed)? (?:him |them )?over|hold (?:him|them)|capture|apprehen\w*)/g, { notAfter: NEG_REQUEST, howNoun: true }),
  R('arrest_request', /\b(sought|seeks?|seeking|sent|send|made|handed|delivered|filed)\b[^.;]{0,40}?\b(?:his|their|the|a|an)?\s*(?:provisional\s+)?(arrest|detention|extradition|capture)\b(?!\s+warrant)/g, { notAfter: NEG_REQUEST }),
  R('arrest_request', /\brequests?\s+(?:for\s+)?(?:his|their|the)?\s*(?:provisional\s+)?(arrest|detention|extradition)\b/g, { notAfter: NEG_REQUEST_NOUN }),
  // "whose arrest Argentina had requested", "su detención fue solicitada"
  R('arrest_request', /\b(?:whose|cuya)\s+(?:arrest|detention|extradition|captura|detencion|extradicion)\b[^.;]{0,40}?\b(?:requested|sought|asked|pidio|solicito|reclamo|pedido|solicitado)\b|\b(?:arrest|detention|extradition|detencion|captura|arresto|extradicion)\b[^.;]{0,25}?\b(?:was|were|had been|has been|fue|habia sido|ha sido)\s+(?:requested|sought|solicitad[oa]|pedid[oa]|reclamad[oa])\b/g, { notAfter: NEG_REQUEST }),
  R('arrest_request', /\bbid to have\b[^.;]{0,40}?\b(arrested|detained|extradited)\b/g, { notAfter: NEG_REQUEST }),
  R('arrest_request', /\b(alerted|notified|alerts|notifies) interpol\b|\bcooperat\w* in (?:his |the )?(?:arrest\w*|detention|capture)|\bhelp (?:to )?(?:detain|arrest|capture)\b/g, { notAfter: NEG_REQUEST }),
  R('arrest_request', /\b(arrest|extradition|detention|capture)\s+requests?\b/g, { weak: true, notAfter: NEG_REQUEST_NOUN }),
  // "despite Argentina's arrest request", "pese al pedido argentino de detención": a request to
  // wherever the sentence places him.
  R('arrest_request', /\b(?:despite|in spite of|notwithstanding|ignoring|defying|pese al?|a pesar del?|ignorando|desafiando)\s+(?:(?:an?|the|el|la|un|una|los|las|[\w-]+'s?)\s+)?(?:(?:argentine|argentina|argentino|[\w-]+)\s+)?(?:(?:arrest|extradition|detention|capture)\s+requests?|requests?\s+(?:for|to)\s+(?:his|their)\s+(?:arrest|detention|extradition|capture)|pedidos?\s+(?:\w+\s+)?de\s+(?:arresto|captura|detencion|extradicion)|solicitud(?:es)?\s+(?:\w+\s+)?de\s+(?:arresto|captura|detencion|extradicion))\b/g, { needsTrip: true }),
  R('arrest_request', /\b(same|similar|another|new|second|further|fresh)\s+(?:[\w-]+\s+)?requests?\b/g, { notAfter: NEG_REQUEST, weak: true }),
  // arrest requests, Spanish
  R('arrest_request', /\b(pidio|pide|pidiera|pidieron|pedira|pedir|pedirle|pedirles|pidiendole|solicitarle|solicitarles|solicitandole|reclamarle|reclamarles|solicito|solicita|solicitara|solicitaron|solicitar|reclamo|reclama|reclamar|reclamaron|requirio|exigio|exige|instruyo|libro|libra|envio|curso|gestione|gestionar|tramito|tramita|(?:habia|ha|han|habian|hubiera)\s+(?:pedido|solicitado|reclamado|requerido))\b[^.;]{0,100}?\b(detencion|detenga|detener|detengan|detenido|arresto|arreste|arresten|arrestar|captura|capturar|capturen|extradicion|extradite|extraditen|extraditar)\b/g, { notAfter: NEG_REQUEST }),
  R('arrest_request', /\bpara que\b[^.;]{0,60}?\b(detenga|detengan|arreste|arresten|capture|capturen|extradite|extraditen|se cumplan las ordenes de captura|colabore|colaborara)\b/g, { notAfter: NEG_REQUEST }),
  R('arrest_request', /\b(alerto|notifico|alerta|notifica) a (?:la )?interpol\b|\bexhorto\b|\bcolabor\w+ con su (?:detencion|captura|arresto)\b/g, { notAfter: NEG_REQUEST }),
  R('arrest_request', /\bpedidos?\s+(?:\w+\s+)?de\s+(arresto|captura|detencion|extradicion)\b/g, { weak: true, notAfter: NEG_REQUEST_NOUN }),
  R('arrest_request', /\b(el mismo|un similar|otro|un nuevo|similar)\s+pedido\b/g, { notAfter: NEG_REQUEST, weak: true }),
  // A judge's order is a request only where a country's court issues it, so it needs a country.
  R('arrest_request', /\b(dispuso|ordeno|ordenan|ordena|ordered|orders)\b[^.;]{0,50}?\b(detencion|detener|captura|capturar|arrest|detention)\b|\bnota de protesta\b/g, { notAfter: NEG_REQUEST, weak: true, needsObject: true }),

  // detentions
  R('detention', /\b(?:was|were|has been|have been|had been|been|being|is|got)\s+(?:\w+\s+)?(arrested|detained|picked up|taken into custody|apprehended|captured)\b/g, { notAfter: NEG_DETENTION }),
  R('detention', /\b(police|authorities|officers|agents|policemen|forces|troops|policia|fuerzas|agentes|autoridades)\b[^.;]{0,40}?\b(arrested|detained|picked up|apprehended|detuvieron|arrestaron|capturaron)\b/g, { notAfter: NEG_DETENTION }),
  R('detention', /\b(arrested|detained)\s+(?:in|at)\b/g, { notAfter: NEG_DETENTION }),
  R('detention', /\b(fue|fueron|quedo|quedaron|queda|esta|estaba|resulto|permanece|habia sido|ha sido)\s+(detenido|detenida|detenidos|arrestado|arrestada|capturado|capturada|apresado)\b/g, { notAfter: NEG_DETENTION }),
  R('detention', /\b(detuvieron|arrestaron|capturaron|apresaron|detuvo|apreso)\b/g, { notAfter: NEG_DETENTION }),
  // "arrestó en Durham al..." (the noun "el arresto a" is not an arrest).
  R('detention', /(?<!\b(?:el|su|un|del|de|al|para el|con el) )\barresto (?:en|a|al)\b/g, { notAfter: NEG_DETENTION }),
  // Headline participles: "Soleimanpour detenido en el Reino Unido".
  R('detention', /\b(detenido|detenida|arrestado|arrestada|capturado|capturada)\s+(?:en|al llegar)\b/g, { notAfter: NEG_DETENTION }),

  // extradition decisions
  R('extradition', /\b(refus\w*|reject\w*|den(?:y|ied|ies)|declin\w*|drops?|dropped|block\w*|halt\w*)\b[^.;]{0,40}?\bextradit\w*/g),
  R('extradition', /\b(?:will|would|does|did|could)\s+not\s+(?:be\s+)?(?:extradite\w*|sen[dt]|hand\w*|surrender\w*|deliver\w*)|\bwon't (?:be )?(?:extradite\w*|sen[dt]|hand\w*|surrender\w*)\b|\bnot be sent\b|\bcan(?:not|'t) be (?:extradited|handed over|surrendered)\b/g),
  // A refusal to hand him over, or a trial at home offered instead, decides the extradition.
  R('extradition', /\b(refus\w*|declin\w*|reject\w*)\s+to\s+(?:hand|turn|give)\b[^.;]{0,60}?\bover\b|\b(refus\w*|declin\w*)\s+to\s+(?:surrender|deliver)\b|\b(?:offer\w*|agree\w*|decid\w*|will|would|plans?)\s+to\s+(?:try|prosecute|judge)\b|\b(?:try|prosecute|trial)\b[^.;]{0,60}?\b(?:instead of|rather than)\s+(?:extradit\w*|hand\w*|send\w*)/g),
  // The law bars it ("the constitution bars the extradition of"), or a trial at home is offered
  // instead ("proposed that he stand trial in Brazil instead").
  R('extradition', /\b(bars?|barred|barring|forbids?|forbade|forbidden|prohibits?|prohibited|precludes?|precluded|prevents?|prevented)\b[^.;]{0,30}?\bextradit\w*|\b(?:stand|face|be put on|go on)\s+trial\b[^.;]{0,40}?\binstead\b/g),
  R('extradition', /\b(grant\w*|approv\w*|authori[sz]\w*|allow\w*)\b[^.;]{0,30}?\bextradition\b|\b(?:was|were|been|is being)\s+extradited\b|\bextradited to\b|\bhanded (?:him )?over to\b/g),
  R('extradition', /\b(ofrecio|ofrece|propuso|acepto|decidio|resolvio)\s+(?:juzgar\w*|procesar\w*|enjuiciar\w*)|\b(?:juzgar\w*|procesar\w*|juzgad[oa]s?|procesad[oa]s?)\b[^.;]{0,60}?\b(?:en lugar de|en vez de)\s+(?:extradit\w*|entregar\w*)|\b(?:rechazo|se nego a|nego)\s+(?:entregar\w*)/g),
  R('extradition', /\b(rechazo|rechaza|rechazaron|nego|niega|denego|deniega|freno)\b[^.;]{0,40}?\bextradi\w*|\b(?:resolvio|decidio|decide)\s+no\s+(?:entregar|extraditar)\b|\bno (?:entregara|extraditara|sera extraditado|sera entregado)\b/g),
  R('extradition', /\b(prohibe|prohibia|prohibio|impide|impedia|impidio|veda|vedaba|no permite|no permitia|no admite)\b[^.;]{0,40}?\bextradi\w*|\b(?:ser juzgad[oa]s?|juzgarl[oa]s?)\s+en\s+(?:[\w-]+\s+){1,3}?en (?:su lugar|cambio)\b/g),
  R('extradition', /\b(concedio|aprobo|autorizo|otorgo|acepto)\b[^.;]{0,30}?\bextradicion\b|\bfue extraditado\b|\bentregado a la argentina\b/g),
];

const RN_NOUN = /\b(red notices?|notices?|circular(?:es)? rojas?|circular(?:es)?|alertas? rojas?|alertas?|notificacion(?:es)?(?: rojas?)?|difusion(?:es)? rojas?)\b/g;
const RN_VERB =
  /\b(uph[eo]ld\w*|backs?|backed|approv\w*|renew\w*|extend\w*|issu\w*|reissu\w*|refus\w*|reject\w*|challeng\w*|withdr[ae]w\w*|lift\w*|cancel\w*|delet\w*|revok\w*|aprob\w*|renov\w*|prorrog\w*|extendi\w*|emit\w*|dio luz verde|ratific\w*|rechaz\w*|deneg\w*|den(?:y|ied|ies)|levant\w*|retir\w*|dio de baja|impugn\w*|cuestion\w*|publico|publish\w*|difund\w*|circul\w*|reactiv\w*)\b/g;
const RN_NOUN_NEAR = /\b(red notices?|notices?|circular(?:es)?|alertas?|notificacion(?:es)?|difusion(?:es)?)\b/;
// "whose red notices Interpol upheld", "cuyas alertas rojas renovó"
const RN_NOUN_END = /\b(notices?|rojas?|circular(?:es)?|alertas?|notificacion(?:es)?)\b[^.;,]{0,18}$/;
const PASSIVE_BEFORE = /\b(was|were|been|be|is|are|being|first|originally|initially|fue|fueron|sera|seran|sido|se|ya)\s+(\w+\s+)?$/;
// "arrested on an Interpol red notice issued at Argentina's request", "wanted under a red notice
// issued in 2007", "con alerta roja emitida en 2007": a participle describing a notice that exists.
const RN_STATE_BEFORE =
  /\b(on|under|with|by|via|through|faces?|facing|faced|has|have|had|holds?|subject (?:of|to)|con|bajo|por|tiene|tienen|tenia|tenian|pes\w*|sobre)\s+(?:(?:an?|the|una?|la|el|las|los|its|his|their|su|sus)\s+)?(?:(?:interpol|international|internacional|existing|active|valid|vigente|argentine|argentina)\s+)*$/;
const RN_PARTICIPLE_GAP = /^\s*(?:\w+\s+)?$/;
// "asked INTERPOL to issue red notices for ...", "pidió a Interpol la captura internacional de ...",
// "sent the capture orders to Interpol": a request to INTERPOL for his arrest is a red-notice event.
const RN_REQUEST = [
  /\b(?:ask\w*|request\w*|urg\w*|call\w* on|pidio|pide|pidieron|solicito|solicita|solicitaron|reclamo|requirio|instruyo)\b(?:\s+(?:that|to|a|al))?\s+(?:la\s+)?interpol\b(?!'s|\s+(?:in|en|de|del|bureau|office|oficina)\b)[^.;]{0,60}?\b(?:captur\w*|arrest\w*|detencion|detention|detain\w*|notices?|notificacion\w*|circular\w*|alertas?|difusion\w*)\b/g,
  /\b(?:capture orders?|arrest warrants?|warrants?|ordenes de (?:captura|detencion)|pedidos? de captura)\b[^.;]{0,160}?\b(?:sent|forwarded|transmitted|envio|enviaron|enviadas?|remitio|remitid[oa]s?|giro|giradas?)\b[^.;]{0,20}?\b(?:to|a)\s+(?:la\s+)?interpol\b/g,
  /\b(?:sent|forwarded|transmitted|envio|enviaron|remitio|giro)\b[^.;]{0,20}?\b(?:capture orders?|arrest warrants?|warrants?|ordenes de (?:captura|detencion)|pedidos? de captura)\b[^.;]{0,160}?\b(?:to|a)\s+(?:la\s+)?interpol\b/g,
  /\b(?:sent|forwarded|transmitted|envio|enviaron|remitio|giro)\s+(?:to\s+|a\s+)?(?:la\s+)?interpol\b[^.;]{0,40}?\b(?:capture|arrest|captura|detencion)\b/g,
];
const RN_EXPLICIT = /\b(red notices?|circular(?:es)? rojas?|alertas? rojas?|notificacion(?:es)? rojas?|difusion(?:es)? rojas?|interpol)\b/;

/** Whether an item speaks of red notices at all, so a bare "notices"/"alertas" can mean them. */
export function mentionsRedNotices(itemLower: string): boolean {
  return RN_EXPLICIT.test(itemLower);
}

/** Finds the cues in a clause (folded lower case). */
export function findCues(clause: string, redNoticeItem: boolean): CueMatch[] {
  const out: CueMatch[] = [];
  for (const rule of CUE_RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(clause); m; m = rule.re.exec(clause)) {
      if (rule.notAfter && rule.notAfter.test(clause.slice(Math.max(0, m.index - 40), m.index))) continue;
      if (rule.type === 'detention' && NEG_INSIDE.test(m[0])) continue;
      if (rule.howNoun && HOW_BEFORE.test(clause.slice(Math.max(0, m.index - 40), m.index)) && !REQUEST_OBJECT_AFTER.test(clause.slice(m.index + m[1]!.length))) continue;
      out.push({
        type: rule.type, start: m.index, end: m.index + m[0].length, text: m[0], weak: rule.weak ?? false, window: rule.window,
        needsObject: rule.needsObject, fromPlace: rule.fromPlace, needsTrip: rule.needsTrip,
      });
    }
  }
  // A red notice needs a notice word and an action in the sentence; each action is its own event
  // ("first issued in 2007, ... were extended until 2027").
  RN_NOUN.lastIndex = 0;
  let noun: RegExpExecArray | null = null;
  for (let m = RN_NOUN.exec(clause); m; m = RN_NOUN.exec(clause)) {
    if (/red|roja|interpol/.test(m[0]) || redNoticeItem) {
      noun = m;
      break;
    }
  }
  if (noun) {
    const nouns: RegExpExecArray[] = [];
    RN_NOUN.lastIndex = 0;
    for (let m = RN_NOUN.exec(clause); m; m = RN_NOUN.exec(clause)) nouns.push(m);
    RN_VERB.lastIndex = 0;
    for (let v = RN_VERB.exec(clause); v; v = RN_VERB.exec(clause)) {
      const described = nouns.some(
        (n) =>
          n.index + n[0].length <= v.index &&
          RN_PARTICIPLE_GAP.test(clause.slice(n.index + n[0].length, v.index)) &&
          /(?:ed|ido|ida|idos|idas|ado|ada|ados|adas)$/.test(v[0]) &&
          RN_STATE_BEFORE.test(clause.slice(Math.max(0, n.index - 50), n.index)),
      );
      if (described) continue;
      // The action must bear on the notice: "upheld the red notices", "the notices ... were
      // extended", not "rejected the appointment".
      const onNotice =
        RN_NOUN_NEAR.test(clause.slice(v.index + v[0].length, v.index + v[0].length + 60)) ||
        (noun.index < v.index && PASSIVE_BEFORE.test(clause.slice(Math.max(0, v.index - 20), v.index))) ||
        RN_NOUN_END.test(clause.slice(Math.max(0, v.index - 25), v.index));
      if (onNotice) out.push({ type: 'red_notice', start: v.index, end: v.index + v[0].length, text: `${noun[0]} ${v[0]}`, weak: false });
    }
  }
  for (const re of RN_REQUEST) {
    re.lastIndex = 0;
    for (let m = re.exec(clause); m; m = re.exec(clause)) {
      if (NEG_REQUEST.test(clause.slice(Math.max(0, m.index - 40), m.index))) continue;
      out.push({ type: 'red_notice', start: m.index, end: m.index + m[0].length, text: m[0], weak: false });
    }
  }
  // "rejected Argentina's request to extradite him", "rechazó el pedido de extradición": the
  // decision, not also a request. "despite Argentina's arrest request": the request goes where
  // he is, so the bare noun inside it does not pick a country of its own.
  const covering = out.filter((q) => q.type === 'extradition' || q.needsTrip);
  return out
    .filter((q) => q.type !== 'arrest_request' || q.needsTrip || !covering.some((d) => q.start >= d.start && q.start < d.end))
    .sort((a, b) => a.start - b.start);
}
