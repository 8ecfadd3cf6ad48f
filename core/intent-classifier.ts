// Deterministic chat intent classifier (pt-BR and en): weighted cue patterns per intent, precedence rules, order-id
// extraction.
import { extractOrderId } from './order-id-extraction.ts';
import { type ChatLang, CLAUSE, detectLanguage, normalizeText } from './text-normalization.ts';

// The list lives in intents.ts, so what only needs the names (the router's contract, the Slack worker) does not carry
// the phrase rules with it.
export { INTENTS, type Intent } from './intents.ts';

import type { Intent } from './intents.ts';

export interface IntentResult {
  intent: Intent;
  lang: ChatLang;
  orderId: string | null;
  /** 0..1; below ~0.5 the caller should let a model decide. */
  confidence: number;
}

interface Cue {
  intent: Intent;
  re: RegExp;
  weight: number;
  /** A negator just before the match ("não quero cancelar", "don't cancel") cancels the cue. */
  negatable?: boolean;
}

// Shared vocabulary, as regex source over normalised text (lower-case ASCII, single spaces, " . " between clauses).
const FOOD = String.raw`(?:pizzas?|acais?|guaranas?|cocas?|coca cola|refris?|refrigerantes?|sucos?|aguas?|mates?|brigadeiros?|sobremesas?|doces?|calabresas?|margheritas?|margueritas?|mussarelas?|muzzarelas?|portuguesas?|frango|catupiry|cupuacu|bowls?|lanches?|hamburguer(?:es)?|hamburgers?|burgers?|combos?|salgados?|cervejas?|bebidas?|drinks?|sodas?|latas?|fatias?|slices?|sandwich(?:es)?|esfihas?|pasteis|pastel|sorvetes?|milkshakes?|desserts?|food|comida|lanchinho|beers?|wines?|vinhos?|water|juices?|cokes?|coke|veggie|sobremesinha|acaizinho|pizzinha|caipirinhas?|tapiocas?|coxinhas?|pao de queijo|paes de queijo|smoothies?|shakes?|vitaminas?|saladas?|salads?|fries|batata frita|batatas?|nuggets|wings|calzones?|lasanhas?|lasagnas?|pasta|massas?|hot dogs?|cachorro quente|tortas?|pies?|bolos?|cakes?|cookies?|brownies?|acompanhamentos?|sides?|meals?|refeicao|refeicoes|marmitas?|pratos?)`;
const NUM = String.raw`(?:\d+(?! (?:ml|g|kg|l|cm|gramas|litros?|minutos?|min|mins|h|hs|horas?|hrs?|segundos|dias?|reais|km|metros|pessoas|minutes?|hours?|days?|people|am|pm)\b)|um|uma|dois|duas|tres|quatro|cinco|seis|meia|meio|one|two|three|four|five|six|a couple of|couple)`;
const QTY = String.raw`(?:${NUM}|a|an|some|another|mais um|mais uma|more)`;
const ALLERGEN = String.raw`(?:gluten|lactose|acucar|acucares|adocante|amendoim|amendoins|nozes|castanhas?|leite|ovos?|soja|trigo|alergia|alergico|alergica|alergenicos?|alergenos|ingredientes?|calorias?|kcal|conservantes?|corantes?|veganos?|veganas?|vegetarian[oa]s?|diet|light|zero|integral|organico|natural|sugar|sugars|sweeteners?|nuts?|peanuts?|dairy|milk|eggs?|soy|wheat|allergens?|allerg(?:y|ies)|allergic|ingredients?|calories|calorie|vegan|vegetarian|halal|kosher|organic|preservatives|added sugar|sugar free|gluten free|lactose free|dairy free|keto)`;
const ADDR = String.raw`(?:endereco|cep|rua|numero|apartamento|apto|apt|ap|complemento|bloco|bairro|referencia|address|street|apartment|flat|unit|building|zip|zipcode|postcode|house number|door number|floor|andar)`;
const PLACE = String.raw`(?:trabalho|escritorio|casa d\w*|casa|vizinh[oa]|portaria|academia|predio|firma|empresa|outro|outra|endereco|rua|av|avenida|apto|apartamento|office|work|job|friend\w*|mom|mother|mum|dad|father|parents?|neighbou?r\w*|gym|house|home|place|building|apartment|girlfriend|boyfriend|wife|husband|sister|brother|hotel|school|escola|faculdade|namorad[oa]|mae|pai|sogra|avo|irma|irmao|\d+)`;
const W = String.raw`(?:\w+ )`;
const NUM_ANY = String.raw`(?:\d+|um|uma|dois|duas|tres|meia|an?|one|two|three)`;

const BARE_FOOD = new RegExp(`^${FOOD}$`);
/** Diet and ingredient words: a question with one is about the food's properties, not a request for the menu. */
const DIET_QUESTION =
  /\b(?:sem (?:gluten|lactose|leite|acucar|carne|ovo|ovos)|gluten|lactose|veganos?|veganas?|vegetarian[oa]s?|vegan|vegetarian|alergi\w*|alergenic\w*|alergenos|allerg\w*|ingredientes?|ingredients?|amendoim|peanuts?|nuts|castanhas?|dairy|calorias?|calories|kcal|keto|halal|kosher|meat free|sem carne|leva (?:leite|ovo|carne|queijo)|toppings?|recheios?|coberturas?|congela\w*|congelador|freez\w*|reheat\w*|esquent\w*|micro ?ondas|microwave|geladeira|fridge|validade|shelf life|feit[oa]s? (?:com|de)|made (?:with|of)|what is on (?!(?:the )?menu|offer)|o que (?:vem|leva)|contains?|contem|celiac[oa]?|meio a meio|half and half|half half|dois sabores|two flavou?rs)\b/;
/** "a granola tem aveia?", "does the acai have sugar": whether an item holds something is about the item, not the menu. */
const ITEM_HAS_QUESTION = new RegExp(
  String.raw`\b${FOOD} (?:${W}{0,3}?)(?:tem|leva|contem|e feit[oa] com) (?!o que\b)\w|\b(?:does|do|is there) (?:the |your |a |an )?${W}{0,2}?${FOOD} (?:have|contain|come with|has)\b`,
);
/** A question about when something is open or answered ("que horas…", "what hours…"). */
const HOURS_QUESTION =
  /\b(?:que horas?|qual (?:o )?horario|horarios?|ate que horas|what hours|what time|which hours|opening hours|until when|ate quando)\b/;
/** "how much is the chicken pizza", "quanto custa a pizza de calabresa": one item's price. */
const ITEM_PRICE_QUESTION = new RegExp(
  String.raw`\b(?:quanto (?:custa|e|sai|fica|ta|esta)|qual o (?:preco|valor)|preco d[aoe]s?|valor d[aoe]s?|how much (?:is|are|does|for|do)|price of|cost of)\b.*\b${FOOD}\b`,
);

const c = (intent: Intent, weight: number, source: string, negatable = false): Cue => ({
  intent,
  weight,
  re: new RegExp(String.raw`\b(?:${source})\b`),
  negatable,
});

const CUES: Cue[] = [
  // ── browse_menu: the menu, prices of items, what exists. Asking whether an item exists is browse_menu; asking about
  // an item's properties (sugar, gluten, vegan) is faq.
  c('browse_menu', 4, String.raw`cardapios?|menus?|lista de precos|tabela de precos|price list`),
  c(
    'browse_menu',
    3,
    String.raw`(?:o )?que (?:que )?(?:voces |voce |vc )?(?:tem|tem pra|tem de|vende|vendem|servem|serve|oferece|oferecem|fazem|faz|tem hoje)`,
  ),
  c(
    'browse_menu',
    3,
    String.raw`quais (?:sao )?(?:os |as )?(?:sabores|opcoes|tamanhos|pizzas|bebidas|sobremesas|complementos|acompanhamentos|adicionais|coberturas|produtos|itens|acais|tipos|combos|lanches|pratos|precos|valores)`,
  ),
  c(
    'browse_menu',
    2,
    String.raw`sabores|opcoes|tamanhos|complementos|coberturas|adicionais|acompanhamentos|toppings|flavou?rs|sizes|options|choices|varieties|selection|precos|prices`,
  ),
  c('browse_menu', 3, String.raw`tem (?:alguma |algum |uma |um )?(?:opcao|opcoes)`),
  c(
    'browse_menu',
    2,
    String.raw`(?:tem|tem algum|tem alguma|vende|vendem|servem|fazem|trabalham com|tem opcao de) ${W}{0,2}?${FOOD}`,
  ),
  c(
    'browse_menu',
    2,
    String.raw`(?:mostra|mostre|mostrar|manda|mande|me manda|envia|envie|me envia|me passa|passa|ver|veja|lista|listar|me fala|fala|show|send|see|view|share|give|list|tell me) (?:me )?(?:o |a |os |as |the |your |all )?(?:cardapio|menu|opcoes|sabores|pizzas|bebidas|drinks|options|sobremesas|desserts|acais|precos|prices|flavou?rs)`,
  ),
  c('browse_menu', 3, String.raw`what (?:do|does) (?:you|you guys|ya|y all) (?:have|got|sell|serve|offer)`),
  c(
    'browse_menu',
    3,
    String.raw`(?:what|which) ${W}{0,2}?(?:do you have|are there|you have|have you got|do you guys have|you got|you guys have|do you sell|do you serve|do you guys sell)`,
  ),
  c('browse_menu', 4, String.raw`what can i (?:order|get|have|eat|choose)`),
  c('browse_menu', 2, String.raw`(?:do|does) (?:you|you guys|ya|u) (?:have|got)|have you got|voces tem|voce tem`),
  c('browse_menu', 3, String.raw`on offer|em oferta|what (?:is|do you have) on offer|o que (?:tem|ha) de (?:novo|bom)`),
  c(
    'browse_menu',
    3,
    String.raw`(?:do|does) (?:you|you guys|ya) (?:sell|serve|carry)|voces (?:vendem|servem|trabalham com)`,
  ),
  c('browse_menu', 3, String.raw`(?:is|are) there (?:a |an |any |some )${W}{0,2}?${FOOD}`),
  c('browse_menu', 3, String.raw`what is (?:available|on the menu|there to eat|good|your options|the options)`),
  c('browse_menu', 2, String.raw`(?:which|what) (?:kind|kinds|type|types|sort) of|available`),
  c(
    'browse_menu',
    3,
    String.raw`(?:do|does) (?:you|you guys|ya) (?:have|sell|serve|got|offer|make|carry|do) ${W}{0,3}?(?:${FOOD}|options?|vegan|vegetarian|gluten free|sugar free|something|anything)`,
  ),
  c('browse_menu', 2, String.raw`(?:any|got any|have any|are there any) ${W}?(?:${FOOD}|options|specials|deals|vegan)`),
  c(
    'browse_menu',
    3,
    String.raw`vem com (?:o )?que|acompanha o que|comes? with what|what (?:does|do) (?:it|they|the ${W}{0,2}?${FOOD}) come with|what comes (?:with|in)|tem de bom|what is good`,
  ),
  c('browse_menu', 2, String.raw`(?:to eat|pra comer|para comer|de comer|pra beber|para beber|de bebida|to drink)`),
  c(
    'browse_menu',
    3,
    String.raw`recomenda\w*|sugere|sugestao|sugestoes|recommend\w*|suggest\w*|best ?sellers?|mais pedid[oa]s?|mais vendid[oa]s?|carro chefe|especialidade|speciality|specialty|most popular|popular`,
  ),
  c(
    'browse_menu',
    3,
    String.raw`quanto custa|quanto e|quanto sai|quanto fica|quanto esta|quanto ta|qual o preco|qual o valor|qual e o preco|preco d[aoe]s?|valor d[aoe]s?|how much (?:is|are|does|for|do)|price of|cost of|how much`,
  ),

  // ── place_order: ordering verbs, quantities of products.
  c(
    'place_order',
    3,
    String.raw`(?:quero|queria|gostaria de|vou|vamos|preciso|desejo|posso|pode|da pra|tem como|como) (?:fazer |realizar )?(?:um |uma |o |meu )?(?:pedido|pedir|encomendar|encomenda|comprar)`,
    true,
  ),
  c(
    'place_order',
    3,
    String.raw`fazer (?:um |o |meu )?pedido|fechar (?:o |um |meu )?pedido|vou querer|vou pedir|vou levar|quero encomendar`,
    true,
  ),
  c(
    'place_order',
    2,
    String.raw`(?:quero|queria|vou querer|gostaria de|gostaria|desejo|vou levar|vou pegar|manda|mande|me manda|me ve|me da|me traz|traz|traga|bota|bote|coloca|coloque|adiciona|adicione|acrescenta|acrescente|inclui|inclua|poe|ponha|fecha|faz|faca|separa|pode mandar|pode ser|pode trazer|pode fazer|me envia|envia|pedir|pede) (?:mais )?${QTY}`,
    true,
  ),
  c('place_order', 2, String.raw`${NUM} (?:x )?(?:de )?${W}{0,2}?${FOOD}`),
  c(
    'place_order',
    2,
    String.raw`(?:i would like|i would love|i want|i need|i will have|i will take|i will get|i will order|i would have|give me|let me get|let me have|let me order|can i get|can i have|could i get|could i have|may i have|may i get|can you send me|can you bring me|send me|bring me|get me|we would like|we want|we will have|i will do|i am getting|i will go with|i would go with|i am ordering|order me|order us) (?:to order |to get |to have |to buy )?(?:${NUM}|(?:a|an|some|another|the|one more|more|my|our) ${W}{0,3}?(?:${FOOD}|large|small|medium|big|regular|family))`,
    true,
  ),
  c(
    'place_order',
    3,
    String.raw`to order|to place|place an order|place a order|make an order|put in an order|put an order|order some|order food|order (?:a|an|one|two|\d+)|can i order|could i order|may i order|want to order|like to order|want to buy|like to buy|ready to order|pronto pra pedir|i will order|i am ordering|start an order|new order`,
    true,
  ),
  c('place_order', 2, String.raw`(?:add|adding|include|throw in|plus) (?:${QTY}|more|extra)`, true),
  c(
    'place_order',
    2,
    String.raw`(?:buy|purchase|comprar|compra) (?:${NUM}|(?:a|an|some|the|um|uma) ${W}{0,3}?${FOOD})`,
    true,
  ),
  c(
    'place_order',
    2,
    String.raw`(?:quero|queria|vou querer|vou levar|me ve|me da|manda|mande|me manda|traz|traga|pode mandar|pode trazer) (?:o|a|os|as) ${W}{0,3}?${FOOD}`,
    true,
  ),
  c(
    'place_order',
    3,
    String.raw`(?:esqueci de|forgot to|i forgot to) (?:pedir|colocar|incluir|adicionar|botar|por|add|order|include|get)`,
    true,
  ),
  c(
    'place_order',
    1,
    String.raw`${FOOD} (?:de |com )?(?:\d+ ml|grande|grandes|media|medio|pequena|pequeno|broto|familia|large|small|medium|big|family size)`,
  ),

  // ── order_status: where is it, has it left, was it confirmed.
  c(
    'order_status',
    4,
    String.raw`onde (?:esta|estao|fica|anda|andam) (?:o |a |os |as |meu |minha |meus |minhas |nosso |nossa )*(?:${W}{0,1})?(?:pedido|pedidos|comida|entrega|encomenda|entregador|motoboy|motoqueiro|moto|lanche|${FOOD})`,
  ),
  c('order_status', 3, String.raw`onde esta(?: ele| ela| isso)?(?= \.|$)`),
  c('order_status', 2, String.raw`onde esta`),
  c('order_status', 3, String.raw`^e (?:o|a) (?:meu |minha )?(?:pedido|${FOOD})`),
  c(
    'order_status',
    3,
    String.raw`status|situacao|andamento|acompanhar|acompanhamento|rastrear|rastreio|rastreamento|track|tracking|novidades?|news`,
  ),
  c('order_status', 2, String.raw`updates?|atualizacao`),
  c(
    'order_status',
    3,
    String.raw`update (?:on|about)|any (?:news|update|updates|word)|alguma (?:novidade|noticia|atualizacao)`,
  ),
  c('order_status', 3, String.raw`(?:ja )?saiu`),
  c(
    'order_status',
    3,
    String.raw`(?:esta|estao) (?:vindo|a caminho|chegando|saindo|pronto|pronta|prontos|em preparo|em preparacao|sendo preparad[oa]|sendo feit[oa]|no forno|na rua|atrasad[oa])|a caminho`,
  ),
  c('order_status', 3, String.raw`on (?:the|its|it is|his|her|their) way|out for delivery|en route`),
  c(
    'order_status',
    6,
    String.raw`(?:foi|ja foi|foram|ja foram|esta|ja esta|was|been|is|got) (?:confirmad[oa]|aceit[oa]|despachad[oa]|enviad[oa]|entregue|cancelad[oa]|recebid[oa]|aprovad[oa]|preparad[oa]|pra entrega|para entrega|cancelled|canceled)`,
  ),
  c(
    'order_status',
    2,
    String.raw`despachado|despachou|confirmado|confirmaram|aceitaram|em preparo|preparando|pronto|shipped|dispatched|confirmed|accepted`,
  ),
  c('order_status', 3, String.raw`(?:receberam|recebeu|recebido|chegou) (?:o |meu |a |minha )?pedido`),
  c(
    'order_status',
    3,
    String.raw`(?:motoboy|entregador|motoqueiro|driver|courier|rider) (?:ja )?(?:pegou|saiu|buscou|picked|left|is)`,
  ),
  c(
    'order_status',
    3,
    String.raw`ate agora nada|nada (?:do|de) (?:meu )?(?:pedido|${FOOD})|ainda nao (?:chegou|recebi|veio)|nao chegou|nao recebi|nao veio`,
  ),
  c('order_status', 4, String.raw`como (?:esta|anda|ficou|vai) (?:o |meu |a |minha )*(?:pedido|${FOOD}|entrega)`),
  c(
    'order_status',
    3,
    String.raw`where (?:is|are) (?:my|the|our|it|they)|where it is|where (?:my|the) ${W}{0,2}?(?:order|food|${FOOD}|delivery|stuff|meal) is`,
  ),
  c(
    'order_status',
    4,
    String.raw`where (?:is|are) (?:my|the|our) ${W}{0,2}?(?:order|orders|food|${FOOD}|delivery|driver|stuff|meal|package)`,
  ),
  c(
    'order_status',
    4,
    String.raw`(?:ja )?(?:mandaram|enviaram|despacharam|levaram|sairam com) (?:o |a |meu |minha )?(?:pedido|${FOOD})|(?:faz|ha|tem|ja faz|mais de) ${NUM_ANY} (?:minutos?|min|mins|h|horas?|hrs?) (?:que )?(?:pedi|fiz|estou esperando|espero|aguardo|to esperando)|(?:it is been|been|waited|waiting) (?:an?|one|half an|\d+|over an?|more than an?) ${W}{0,1}?(?:hour|hours|minutes|mins|min)`,
  ),
  c(
    'order_status',
    3,
    String.raw`(?:e|and) (?:nada|nothing)(?= \.|$)|still nothing|nothing yet|nada ainda|still not|ainda nao|not (?:been )?delivered|nao (?:foi )?entregue|atrasad[oa]|is late|running late`,
  ),
  c(
    'order_status',
    4,
    String.raw`(?:ja )?(?:prepararam|preparou|fizeram|fez|montaram|montou|assaram|comecaram|comecou) (?:o |a |meu |minha )?(?:pedido|${FOOD})|(?:start|started|begun|begin|starting) (?:on|making|preparing|cooking|working on)`,
  ),
  c(
    'order_status',
    4,
    String.raw`saber (?:do|sobre o|sobre|o status do|como esta o|como anda o|de) (?:meu |minha |o |a )?(?:pedido|${FOOD}|entrega)`,
  ),
  c(
    'order_status',
    3,
    String.raw`(?:about|regarding|news on|info on|information on) (?:my|our) (?:order|food|delivery)`,
  ),
  c(
    'order_status',
    1.5,
    String.raw`(?:meu|minha|my|our|nosso|nossa) (?:pedido|order|entrega|delivery|comida|food|${FOOD})`,
  ),
  c(
    'order_status',
    4,
    String.raw`what happened (?:to|with) (?:my|the|our)|o que (?:aconteceu|houve) com (?:o |a |meu |minha )?(?:pedido|${FOOD})`,
  ),
  c(
    'order_status',
    3,
    String.raw`(?:is|are) (?:it|they|my ${W}{0,1}?(?:order|food|${FOOD})|the ${W}{0,1}?(?:order|food|${FOOD})) (?:coming|on its way)|has not (?:come|arrived|shown up|been delivered)|have not (?:come|arrived)|not (?:come|arrived|shown up) yet`,
  ),
  c('order_status', 2, String.raw`what is (?:going on|happening) with|what is going on|what is happening`),
  c(
    'order_status',
    4,
    String.raw`(?:has|have|did|is|was) (?:it|my order|the order|my food|my ${FOOD}|the food|they|my \w+) ${W}{0,1}?(?:shipped|left|leave|been sent|been dispatched|dispatched|confirmed|accepted|ready|prepared|picked up|sent|out|received|go out|gone out|went out)`,
  ),
  c(
    'order_status',
    3,
    String.raw`still waiting|been waiting|waiting for|waiting on|has not arrived|not here yet|never arrived|did not arrive|still not here|not arrived|have not received|did not receive|did not get|have not got|not received`,
  ),
  c('order_status', 4, String.raw`did (?:you|you guys) (?:get|receive|see) (?:my |the )?order`),
  c(
    'order_status',
    4,
    String.raw`(?:comecaram|comecou|comecaram a|ja comecaram) (?:a )?(?:fazer|preparar|montar)|(?:started|begun|begin) (?:making|preparing|cooking|on)|(?:go|gone|went|get|got) through`,
  ),
  c(
    'order_status',
    3,
    String.raw`(?:check|checar|conferir|verificar|ver|see) (?:on )?(?:o |meu |a |minha |my |the )?(?:order|pedido)|em que (?:etapa|fase|pe)|what stage`,
  ),
  c(
    'order_status',
    2,
    String.raw`i (?:placed|made|ordered|did) (?:an |my |the )?order|fiz (?:um |o |meu )?pedido|esperando (?:o |meu |a |minha )?(?:pedido|${FOOD})`,
  ),

  // ── delivery_eta: time questions about arrival.
  c('delivery_eta', 4, String.raw`quanto tempo|quantos minutos|previsao|tempo estimado|tempo medio`),
  c(
    'delivery_eta',
    4,
    String.raw`(?:que|quais) horas? (?:\w+ ){0,2}?(?:chega|chegam|vai chegar|chegar|entrega|entregam|vem|vai vir|sai|fica pronto|chegara|sera entregue)`,
  ),
  c(
    'delivery_eta',
    4,
    String.raw`(?:chega|chegam|chegar|vai chegar|entrega|entregam|vem|sai|chegaria|fica pronto) ${W}{0,3}?(?:que|quais) horas`,
  ),
  c('delivery_eta', 4, String.raw`falta (?:muito|quanto|pouco)|faltam (?:quantos|muitos)|falta quanto tempo`),
  c('delivery_eta', 3, String.raw`demora|demorar|vai demorar|demorado|ainda demora`),
  c('delivery_eta', 2, String.raw`demorando`),
  c(
    'delivery_eta',
    4,
    String.raw`(?:will|would|does|is|vai) (?:it|this|that|my order|the order|the delivery|a entrega|o pedido)? ?(?:take|be|levar|demorar) (?:more|less|longer|over|under|about|around|mais|menos) (?:than |de |que )?(?:an? |\d+|half|meia|uma)`,
  ),
  c(
    'delivery_eta',
    4,
    String.raw`vai atrasar|vao atrasar|vai chegar atrasad[oa]|will (?:it|my order|the order|they|the driver) be late|tempo de espera|wait(?:ing)? time|how long (?:is|will be) the wait`,
  ),
  c('delivery_eta', 4, String.raw`tempo (?:de|da|pra|para) (?:entrega|chegada|chegar|espera|preparo)`),
  c(
    'delivery_eta',
    4,
    String.raw`quando ${W}{0,3}?(?:chega|chegam|vai chegar|chegara|chegar|vem|vai vir|sai|vai sair|fica pronto|ficar pronto|entrega|entregam|vao entregar|vai ser entregue|vou receber)`,
  ),
  c(
    'delivery_eta',
    3,
    String.raw`(?:chega|vai chegar|chegar) (?:em|antes|ate|logo|rapido|hoje|a tempo|mais ou menos|perto)`,
  ),
  c('delivery_eta', 1, String.raw`chega|chegar`),
  c(
    'delivery_eta',
    4,
    String.raw`how long|eta|how soon|how (?:much|many) (?:longer|more|minutes|more minutes|more time|time)`,
  ),
  c(
    'delivery_eta',
    4,
    String.raw`(?:will|would|does|is|can) (?:it|my order|the order|the food|my food|they|he|the driver|my ${FOOD}|the ${FOOD}) (?:arrive|get here|be here|show up|reach me|be delivered) (?:in|by|before|within|soon|today|on time|until|till|at)`,
  ),
  c('delivery_eta', 1, String.raw`arrive|arrives|arrival`),
  c(
    'delivery_eta',
    4,
    String.raw`when ${W}{0,4}?(?:arrive|arrives|arriving|get here|gets here|be here|come|coming|be delivered|deliver|delivered|get to me|show up|shows up|expect|reach|be ready|get my)`,
  ),
  c(
    'delivery_eta',
    4,
    String.raw`what time ${W}{0,4}?(?:arrive|arrives|arriving|get here|getting here|be here|deliver|delivered|come|coming|show up|expect|be ready)`,
  ),
  c('delivery_eta', 3, String.raw`(?:be|take|taking) (?:long|a while|much longer|forever|ages)`),
  c(
    'delivery_eta',
    4,
    String.raw`(?:arrival|delivery|waiting) (?:time|estimate|window)|estimated (?:time|delivery|arrival)|expected (?:time|delivery|arrival)`,
  ),
  c(
    'delivery_eta',
    3,
    String.raw`(?:be|get) here (?:by|before|in|soon|at)|will it be (?:here|long|late)|take (?:long|a while|much longer)|minutes (?:until|till|to|away|left)|how far away|(?:till|until) (?:it|my|the) ${W}{0,2}?(?:arrives|gets here|comes|shows up)`,
  ),

  // ── change_address: correcting or redirecting where this order goes.
  c(
    'change_address',
    5,
    String.raw`(?:mudar|muda|mude|alterar|altera|altere|trocar|troca|troque|corrigir|corrige|corrija|atualizar|atualiza|editar|edita|arrumar|arruma|consertar|mudanca|alteracao|correcao|change|changing|update|updating|correct|fix|edit|amend|modify) ${W}{0,3}?(?:endereco|address|cep|local de entrega|local da entrega|destino|delivery location|drop off|dropoff)`,
    true,
  ),
  c(
    'change_address',
    4,
    String.raw`(?:mudar|muda|mude|trocar|troca|alterar|altera) (?:a |o )?(?:entrega|local|lugar) (?:pro|pra|para|no|na|de entrega|da entrega)|change where`,
    true,
  ),
  c(
    'change_address',
    5,
    String.raw`${ADDR} ${W}{0,4}?(?:errad[oa]|incorret[oa]|wrong|incorrect|trocad[oa]|desatualizad[oa]|antig[oa])`,
  ),
  c(
    'change_address',
    4,
    String.raw`(?:errei|erro no|errou|wrong|incorrect|coloquei errado|digitei errado|botei errado|typed|mistyped|put|gave|entered|coloquei|digitei|botei|escrevi|passei|troquei|mudei|alterei|confundi|esqueci) ${W}{0,3}?${ADDR}`,
  ),
  c(
    'change_address',
    3,
    String.raw`(?:coloquei|digitei|botei|escrevi|passei|typed|put|entered|gave you) ${W}{0,3}?(?:errad[oa]|wrong)`,
  ),
  c('change_address', 1, String.raw`errei`),
  c(
    'change_address',
    4,
    String.raw`(?:outro|novo|nova|outra) (?:endereco|local|lugar)|(?:another|different|new|other|correct|right) (?:address|location|apartment|street)`,
  ),
  c('change_address', 2, String.raw`em vez d(?:e|isso|o|a)|ao inves d\w*|instead`),
  c(
    'change_address',
    4,
    String.raw`(?:entrega|entregue|entregar|manda|mande|mandar|envia|envie|enviar|leva|leve|levar|traz|traga|trazer|deixa|deixe|deixar|send|deliver|bring|ship|drop|take|leave) ${W}{0,3}?(?:no|na|pro|pra|para|em|ao|to|at|off at) (?:o |a |meu |minha |my |the |our |casa )*${PLACE}`,
    true,
  ),
  c(
    'change_address',
    4,
    String.raw`(?:entrega|entregar|manda|mandar|envia|enviar|leva|levar|deliver|send|ship|bring|drop) [\w ]{0,40}?(?:em vez|ao inves|instead)`,
  ),
  c(
    'change_address',
    5,
    String.raw`esqueci (?:de (?:colocar|por|botar|informar|mandar) )?(?:o |a )?(?:complemento|numero|apto|apartamento|bloco|referencia|cep)`,
  ),
  c(
    'change_address',
    2,
    String.raw`(?:meu|o|my) (?:apto|apartamento|ap|numero|bloco|endereco|cep|apartment|address) (?:e|is|certo)`,
  ),
  c(
    'change_address',
    4,
    String.raw`somewhere else|another place|other place|outro lugar|outro local|different place|different location`,
  ),
  c(
    'change_address',
    3,
    String.raw`(?:agora e|o certo e|a certa e|o correto e|fica na|it should be|the correct (?:one|address) is|it is actually|na verdade e) (?:na |no |em )?(?:rua|r|av|avenida|travessa|estrada|praca|alameda|apto|apartamento|bloco|casa|street|apt|apartment)`,
  ),
  c(
    'change_address',
    5,
    String.raw`(?:address|endereco|cep) ${W}{0,1}?(?:has )?(?:changed|mudou|e outro|is different)|redirect\w*|redirecion\w*|reroute|forward (?:it|my order|the order)`,
  ),
  c(
    'change_address',
    4,
    String.raw`(?:entrega|entregue|entregar|manda|mande|deixa|deixe|leva|leve|traz|traga) (?:ele |ela |o pedido )?(?:la|ali|aqui)(?= \.|$)|(?:deliver|send|bring|drop|take|leave) (?:it|them|the order|my order) (?:there|here)|vou estar (?:no|na|em) (?:trabalho|escritorio|casa d\w*|academia|faculdade)|i (?:will be|am|ll be) at (?:work|the office|my office|the gym|my (?:friend|mom|parents)\w*)`,
  ),
  c(
    'change_address',
    4,
    String.raw`${ADDR} ${W}{0,3}?(?:should be|is actually|deveria ser|certo e|correto e|na verdade e)|${ADDR} ${W}{0,2}?(?:e )?\d+\w? (?:e )?(?:nao|not) \d+`,
  ),
  c(
    'change_address',
    3,
    String.raw`i moved|not my address|nao e (?:esse|este|meu) (?:o )?endereco|i am not (?:at|home)`,
  ),

  // ── cancel_order. "cancelado/cancelled" is a state (order_status), so only the verb forms count here.
  c('cancel_order', 5, String.raw`cancel(?!ad[oa]s?\b|led\b|ed\b)\w*`, true),
  c(
    'cancel_order',
    5,
    String.raw`nao (?:quero|preciso|vou querer|vou mais querer) mais(?! nada)|nao quero (?:o|a|os|as) ${W}{0,2}?mais|desist\w*|anula\w*|call (?:it )?off|scrap (?:that|the|my|it)|stop (?:my|the) order`,
  ),
  c('cancel_order', 5, String.raw`(?:do not|no longer) (?:want|need) ${W}{0,3}?(?:anymore|any more)`),
  c(
    'cancel_order',
    4,
    String.raw`esquece (?:o |a |meu |minha |isso|tudo|esse|essa)|forget (?:the|my|about|it)|no longer (?:want|need)|pode parar|para o pedido|nao (?:manda|envia|precisa mandar|precisa enviar|faz|faca) mais|nao precisa mais|suspende\w*|desconsider\w*|ignora (?:o |meu |esse )?pedido|deixa pra la|deixa quieto|ignore (?:my |the |that )?order`,
  ),
  c(
    'cancel_order',
    6,
    String.raw`(?:want|get|have|quero|queria) (?:my |the |o |meu |a |minha )?(?:order |pedido |${FOOD} )?(?:cancell?ed|cancelad[oa])`,
    true,
  ),
  c('cancel_order', 3, String.raw`esquece(?= \.|$)|abort|revoke|undo (?:my |the )?order`),
  c(
    'cancel_order',
    2,
    String.raw`pedi errado|pedi duplicado|pedido duplicado|pedi sem querer|ordered by mistake|by mistake|never mind|i do not need it`,
  ),
  c('cancel_order', 1, String.raw`mudei de ideia|changed my mind`),

  // ── human_handoff: a person, not the bot.
  c(
    'human_handoff',
    6,
    String.raw`(?:falar|conversar|fala|falo|converse) (?:com )?(?:um |uma |o |a |algum |alguma |alguem |os |as )?(?:\w+ )?(?:pessoa|atendente|humano|humana|gerente|dono|dona|responsavel|funcionari[oa]|alguem|ser humano|supervisor|supervisora|operador|operadora|suporte|atendimento|moca|moco|voces|sac|proprietari[oa]|gente|ninguem)`,
    true,
  ),
  c(
    'human_handoff',
    6,
    String.raw`(?:quero|queria|preciso de|preciso|chama|chame|chamar|me passa (?:pra|para)|me transfere (?:pra|para)|transfere (?:pra|para)|me coloca com|cade) (?:um |uma |o |a |algum |alguma )?(?:pessoa|atendente|humano|humana|gerente|dono|dona|responsavel|alguem|supervisor|operador|funcionario)`,
    true,
  ),
  c(
    'human_handoff',
    4,
    String.raw`atendentes?|humano|humana|ser humano|operador|operadora|gerente|supervisora?|responsavel|atendimento humano`,
    true,
  ),
  c(
    'human_handoff',
    6,
    String.raw`(?:help|ajuda|atendimento) (?:from|de|com) (?:a |an |uma |um |some )?(?:real |actual )?(?:person|human|pessoa|humano|someone|somebody|alguem|atendente|staff)`,
  ),
  c('human_handoff', 2, String.raw`person|pessoa`, true),
  c(
    'human_handoff',
    5,
    String.raw`(?:someone|somebody|anyone|a person|alguem|uma pessoa) (?:real|for real|de verdade|who works there|da loja|from the (?:store|shop|team))|(?:get me|i need|i want|need|quero|preciso de) (?:someone|somebody|alguem)(?= \.|$)`,
  ),
  c('human_handoff', 6, String.raw`pessoa (?:de verdade|real|mesmo)|alguem de verdade|gente de verdade`),
  c(
    'human_handoff',
    3,
    String.raw`robos?|robots?|bots?|chatbots?|maquina|inteligencia artificial|automatic[oa]s?|automated`,
  ),
  c(
    'human_handoff',
    5,
    String.raw`(?:preciso|quero|queria|cade|pode me dar|gostaria) (?:de )?(?:um |uma |o )?atendimento`,
    true,
  ),
  c(
    'human_handoff',
    5,
    String.raw`(?:e|voce e|isso e|esta falando) (?:uma )?ia|(?:are you|is this|is that|you are|am i (?:talking|speaking|chatting) (?:to|with)) (?:a |an )?(?:real )?(?:bot|robot|machine|ai|computer|automated|human|person|real person)`,
  ),
  c('human_handoff', 5, String.raw`tem alguem|alguem (?:ai|online)|alguem pode me (?:atender|ajudar|responder)`),
  c(
    'human_handoff',
    4,
    String.raw`me (?:liga|ligue|ligar|ligam|liguem|atende|atendam)|pode(?:m)? me ligar|(?:liga|ligue|liguem|ligar|telefona|telefone) (?:pra|para) mim`,
    true,
  ),
  c(
    'human_handoff',
    4,
    String.raw`(?<=^|\. )(?:anyone|anybody|someone|somebody|alguem)(?: (?:there|ai|here|aqui|online))?(?= \.|$)`,
  ),
  // Complaints about what arrived need a person to make it right (refund, resend), not an automated answer.
  c(
    'human_handoff',
    3,
    String.raw`(?:veio|chegou|came|arrived|is|was) (?:tudo |all )?(?:errad[oa]|fri[oa]|gelad[oa] demais|amassad[oa]|derramad[oa]|faltando|incomplet[oa]|wrong|cold|missing|spilled|crushed|incomplete)|faltou (?:o |a |um |uma )?\w+|(?:missing|wrong) (?:item|items|pizza|order|drink)`,
  ),
  c(
    'human_handoff',
    3,
    String.raw`ninguem (?:me )?(?:responde|atende|respondeu|atendeu)|reclamacao|reclamar|ouvidoria|procon`,
  ),
  c(
    'human_handoff',
    6,
    String.raw`(?:talk|speak|chat|connect|transfer|put) (?:me )?(?:to|with|through to) (?:a |an |the |some |your )?(?:\w+ )?(?:person|human|someone|somebody|agent|manager|supervisor|representative|rep|operator|staff|support|customer service|team|owner|employee|people|being)`,
    true,
  ),
  c(
    'human_handoff',
    4,
    String.raw`humans?|real person|actual person|live (?:agent|person|chat|support)|agent|operator|representative|manager|supervisor|customer (?:service|support|care)`,
    true,
  ),
  c(
    'human_handoff',
    5,
    String.raw`is (?:there|anyone|anybody|someone|somebody) (?:a |an )?(?:real )?(?:person|human|anyone|anybody|someone|somebody|there)|anyone there|anybody there|someone there`,
  ),
  c(
    'human_handoff',
    4,
    String.raw`call me|give me a call|escalate|complaint|complain|contact me|get in touch|reach me|entr(?:ar|e|em) em contato|me contat\w*|staff member|member of staff|funcionari[oa]|employee|staff`,
    true,
  ),

  // ── faq: policies and store information, so they beat the weaker order words they share a sentence with.
  c('faq', 4, String.raw`horario|horarios|funcionamento|expediente|opening hours|business hours|your hours`),
  c(
    'faq',
    5,
    String.raw`(?:que horas|ate que horas|a partir de que horas) ${W}{0,2}?(?:abre|abrem|fecha|fecham|funciona|funcionam|comeca|comecam|param|atendem|ficam abertos|estao abertos)`,
  ),
  c(
    'faq',
    4,
    String.raw`(?:abre|abrem|aberto|aberta|abertos|funciona|funcionam|fecha|fecham|ficam abertos|estao abertos) ${W}{0,2}?(?:domingo|domingos|sabado|sabados|segunda|terca|quarta|quinta|sexta|feriado|feriados|hoje|amanha|agora|fim de semana|cedo|tarde|noite|que horas|ate)`,
  ),
  c('faq', 3, String.raw`abre|abrem|aberto|abertos|fecham|open|opening|close|closing|closed`),
  c('faq', 6, String.raw`ate que horas|a partir de que horas|until what time|till what time`),
  c(
    'faq',
    4,
    String.raw`pix|cartao|cartoes|credito|debito|dinheiro|troco|pagamento|pagar|vale refeicao|vale alimentacao|sodexo|alelo|boleto|maquininha|cards?|cash|credit|debit|payment|pay|paying|apple pay|google pay|visa|mastercard|amex|change for`,
  ),
  c('faq', 4, String.raw`taxa|frete|tarifa|fee|fees|delivery charge|shipping cost`),
  c(
    'faq',
    5,
    String.raw`(?:charge|charges|cobra|cobram|cobrad[oa]|pay) ${W}{0,2}?(?:to |for |pra |pela |a )?(?:deliver\w*|entrega\w*|frete|shipping)`,
  ),
  c(
    'faq',
    6,
    String.raw`(?:can i|could i|can we|posso|podemos|da pra|tem como|is it possible to|do you (?:take|accept)) ${W}{0,2}?(?:order|pedir|encomendar|schedule|agendar|book|reservar)\w* ${W}{0,3}?(?:tomorrow|amanha|later|in advance|com antecedencia|next|semana que vem|depois)`,
  ),
  c(
    'faq',
    4,
    String.raw`agendar|agendamento|agendad[oa]|schedule|scheduled|pre ?order|encomenda pra (?:amanha|outro dia)|loyalty|fidelidade|programa de pontos|points|physical (?:store|location|shop)|storefront|dine in|comer no local|salao|eat (?:in|at (?:the|your) (?:store|shop|restaurant|place))|tables|mesas|comer (?:ai|na loja|no restaurante)`,
  ),
  c(
    'faq',
    5,
    String.raw`(?:quanto (?:custa|e|sai|fica|cobra|cobram)|qual o (?:valor|preco)|how much (?:is|does|for|do you charge for)?) ${W}{0,2}?(?:entrega|frete|delivery|shipping)`,
  ),
  c(
    'faq',
    3,
    String.raw`entregam|fazem entrega|faz entrega|tem entrega|atendem|atende (?:em|no|na|a regiao)|chegam ate|deliver to|delivers to|deliver in|do delivery|you deliver|area de entrega|raio de entrega|delivery area|delivery zone|bairros|regioes`,
  ),
  c(
    'faq',
    4,
    String.raw`reembolso|reembolsar|devolucao|devolver|estorno|estornar|refund|refunds|return policy|policy|politica|garantia|guarantee`,
  ),
  c(
    'faq',
    10,
    String.raw`(?:cancellation|cancelamento|cancel\w*) policy|politica de cancel\w*|policy (?:on|for) cancel\w*`,
  ),
  c('faq', 1, ALLERGEN),
  c(
    'faq',
    3,
    String.raw`ingredientes?|ingredients?|alergenic[oa]s?|alergenos|allergens?|calorias|calories|nutritional|nutricional|tabela nutricional|gift cards?|vale presente`,
  ),
  c(
    'faq',
    4,
    String.raw`(?:${FOOD}|massa|massas|dough|crust|base|it|ele|ela|isso|they) ${W}{0,3}?(?:tem|contem|leva|vem com|e|is|are|has|have|contain|contains|made with|feit[oa] com|usa|uses) ${W}{0,2}?${ALLERGEN}`,
  ),
  c(
    'faq',
    4,
    String.raw`(?:tem|contem|leva|has|is there|are there|contains?) ${W}{0,1}?${ALLERGEN} (?:no|na|nos|nas|in|on)`,
  ),
  c(
    'faq',
    4,
    String.raw`is (?:the |it |this |your )?${W}{0,2}?(?:sugar free|gluten free|lactose free|dairy free|vegan|vegetarian|organic|natural|healthy|sweetened|spicy|fresh|homemade|frozen)|e (?:sem acucar|sem gluten|sem lactose|vegan[oa]|natural|organico|zero|diet|integral|casei?r[oa]|adocad[oa])`,
  ),
  c(
    'faq',
    5,
    String.raw`loja fisica|onde (?:voces )?ficam|onde fica|endereco (?:da|de) (?:loja|voces)|endereco de voces|seu endereco|localizacao|localizados|where are you|where is (?:the|your) (?:store|shop|restaurant)|located|location|address of (?:the|your) (?:store|shop)|store address|your address`,
  ),
  c('faq', 5, String.raw`pedido minimo|valor minimo|minimum order|minimum`),
  c(
    'faq',
    3,
    String.raw`descontos?|cupom|cupons|promocao|promocoes|promo|fidelidade|cashback|coupons?|discounts?|vouchers?|promo code`,
  ),
  c(
    'faq',
    4,
    String.raw`retirar|retirada|retiro|buscar (?:na|no) (?:loja|balcao)|pegar (?:na|no) (?:loja|balcao)|pick ?up|pick (?:it|them|the order|my order) up|takeaway|take away|take out|takeout|collect`,
  ),
  c(
    'faq',
    2,
    String.raw`telefone|whatsapp|instagram|insta|email|site|phone number|website|contact|nota fiscal|cpf na nota|recibo|receipt|invoice|wifi|estacionamento|parking`,
  ),
  c('faq', 1, String.raw`como funciona|how does|duvida|duvidas|question|info|informacao|informacoes|ajuda|help`),
];

// A negator at most four words before a negatable cue, in the same clause, switches the cue off.
const NEGATOR = /\b(?:nao|not|never|nem|nunca|no need to|sem)\b/;
const NOT_A_NEGATION = /\b(?:can not|could not|will not|why)\b/;

function negated(text: string, index: number): boolean {
  const before = text.slice(0, index).split(' ').filter(Boolean);
  const clauseStart = before.lastIndexOf(CLAUSE);
  const window = before.slice(Math.max(clauseStart + 1, before.length - 4)).join(' ');
  return NEGATOR.test(window) && !NOT_A_NEGATION.test(window);
}

// Social-only messages (salutations, thanks, farewells, acknowledgements, a wave) are greeting; the core words make it
// one.
const SOCIAL_CORE = new Set(
  `oi ola ole opa salve eai hello hi hey hiya howdy yo sup hola alo hallo morning afternoon evening night greetings
dia tarde noite obrigado obrigada obrigadinho valeu agradeco thanks thank cheers tchau bye goodbye falou flw ok blz beleza show joia
tranquilo suave abraco abracos abs xwave xthanks bom boa bem fala eae`.split(/\s+/),
);
const SOCIAL_FILLER = new Set(
  `tudo bem bom boa certo tranquilo pessoal galera gente amigo amiga amigos moco moca querido querida e ai aqui la como vai
voce voces esta estao how are you doing is it going what up there guys everyone all folks friend friends team mate buddy good great
fine very much so a lot for everything muito muitos tchau ate logo mais later see top perfeito otimo legal massa sim yes yep cool
nice awesome perfect por favor please i am we here hope well certinho de novo again too you the your tambem pra voce nice to meet
day have a boa sorte o obrigado com with pela pelo ajuda help atencao atendimento carinho paciencia vao vamos anda andam tao vai indo galerinha turma povo familia`.split(
    /\s+/,
  ),
);

// Precedence when two intents both have cues, strongest first; used only to break exact score ties.
const TIE_ORDER: Intent[] = [
  'human_handoff',
  'cancel_order',
  'change_address',
  'delivery_eta',
  'order_status',
  'place_order',
  'browse_menu',
  'faq',
  'greeting',
];

const round2 = (x: number) => Math.round(x * 100) / 100;

function scoreCues(text: string): Map<Intent, number> {
  const scores = new Map<Intent, number>();
  for (const cue of CUES) {
    const m = cue.re.exec(text);
    if (!m) continue;
    if (cue.negatable && negated(text, m.index)) {
      // The same cue may still occur un-negated later: "não quero cancelar o pedido. cancela o outro".
      const later = text.slice(m.index + m[0].length);
      const again = cue.re.exec(later);
      if (!again || negated(later, again.index)) continue;
    }
    scores.set(cue.intent, (scores.get(cue.intent) ?? 0) + cue.weight);
  }
  return scores;
}

/** Salutation/thanks words present, and how many other words: "bom dia flor do dia" has two (flor, do). */
function socialShape(tokens: string[]): { core: boolean; other: number } {
  let core = false;
  let other = 0;
  for (const t of tokens) {
    if (t === CLAUSE) continue;
    if (SOCIAL_CORE.has(t)) core = true;
    else if (!SOCIAL_FILLER.has(t)) other++;
  }
  return { core, other };
}

/** Classifies one chat message. Pure, no I/O, never throws; empty or unrecognisable text is faq with low confidence. */
export function classifyIntent(text: string): IntentResult {
  const raw = typeof text === 'string' ? text : '';
  const normalized = normalizeText(raw);
  const lang = detectLanguage(raw, normalized);
  const orderId = extractOrderId(raw);
  const tokens = normalized ? normalized.split(' ') : [];

  const social = socialShape(tokens);
  if (social.core && social.other === 0) return { intent: 'greeting', lang, orderId, confidence: 0.95 };

  const scores = scoreCues(normalized);
  // An explicit time question is what the customer wants answered, even next to "where is my order?".
  if ((scores.get('delivery_eta') ?? 0) >= 4) scores.delete('order_status');
  // A product's price next to "delivery/entrega" is the delivery fee: faq.
  if (
    (scores.get('faq') ?? 0) >= 5 &&
    scores.has('browse_menu') &&
    /\b(?:entrega|frete|delivery|shipping|taxa|fee)\b/.test(normalized)
  )
    scores.delete('browse_menu');

  // A food word next to a diet, ingredient or price question asks about the food, not for the menu: the knowledge
  // answers ("tem algo sem lactose?", "how much is the chicken pizza").
  if (
    scores.has('browse_menu') &&
    (DIET_QUESTION.test(normalized) || ITEM_PRICE_QUESTION.test(normalized) || ITEM_HAS_QUESTION.test(normalized))
  ) {
    scores.set('faq', Math.max(scores.get('faq') ?? 0, (scores.get('browse_menu') ?? 0) + 1));
    scores.delete('browse_menu');
  }
  // The same asked while naming what they would order ("minha filha tem alergia a ovo, queria uma margherita, é
  // seguro?"): a question mark makes it a question about the food before any cart is touched.
  if (scores.has('place_order') && raw.includes('?') && DIET_QUESTION.test(normalized)) {
    scores.set('faq', Math.max(scores.get('faq') ?? 0, (scores.get('place_order') ?? 0) + 1));
    scores.delete('place_order');
  }

  // "que horas o atendimento funciona?" asks for the team's hours, not for a person now.
  if (scores.has('human_handoff') && HOURS_QUESTION.test(normalized)) {
    scores.set('faq', Math.max(scores.get('faq') ?? 0, (scores.get('human_handoff') ?? 0) + 1));
    scores.delete('human_handoff');
  }

  let best: Intent = 'faq';
  let top = 0;
  let second = 0;
  for (const intent of TIE_ORDER) {
    const s = scores.get(intent) ?? 0;
    if (s > top) {
      second = top;
      top = s;
      best = intent;
    } else if (s > second) second = s;
  }

  if (top < 1.5) {
    // Nothing recognisable. A bare order id is almost always "what about this order?"; a bare product name is menu
    // browsing.
    if (orderId) return { intent: 'order_status', lang, orderId, confidence: 0.6 };
    // A salutation with a few unrecognised words and no question topic ("bom dia flor do dia") is still a greeting.
    if (social.core && social.other <= 3 && !scores.has('faq'))
      return { intent: 'greeting', lang, orderId, confidence: 0.6 };
    if (tokens.length && tokens.every((t) => t === CLAUSE || BARE_FOOD.test(t)))
      return { intent: 'browse_menu', lang, orderId, confidence: 0.5 };
    return { intent: 'faq', lang, orderId, confidence: tokens.length ? 0.3 : 0.1 };
  }
  const strength = 1 - Math.exp(-top / 3);
  const margin = (top - second) / top;
  return { intent: best, lang, orderId, confidence: round2(strength * (0.5 + 0.5 * margin)) };
}
