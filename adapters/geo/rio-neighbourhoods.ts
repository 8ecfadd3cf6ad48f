// Offline gazetteer data: approximate centroids of Rio de Janeiro and Niterói neighbourhoods, and representative points
// of demo-area streets.

export type City = 'Rio de Janeiro' | 'Niterói';

export interface NeighbourhoodEntry {
  id: string;
  name: string;
  city: City;
  zone: 'Zona Sul' | 'Centro' | 'Zona Norte' | 'Zona Oeste' | 'Niterói';
  /** Approximate centroid of the populated area, 4 decimals; good to ~1 km, which is what a neighbourhood answer can promise. */
  lat: number;
  lon: number;
  /** Other spellings customers type; the name itself is always indexed. Accents and case never matter. */
  aliases?: string[];
  /** The larger neighbourhood/region this one sits in: mentioning it next to this one qualifies, rather than competes. */
  district?: string;
  /** Shown in parentheses when the name alone is not unique ("Freguesia (Jacarepaguá)", "Centro (Niterói)"). */
  qualifier?: string;
  /** Wins an alias it shares with other entries when nothing in the text says which one is meant. */
  defaultFor?: string[];
}

export interface StreetEntry {
  id: string;
  /** Full name with its type word ("Rua", "Avenida", "Praça"); the bare name after the type word is indexed too. Landmarks have no type word. */
  name: string;
  /** Neighbourhood ids the street runs through; the first one labels the result unless the customer named another of them. */
  neighbourhoods: string[];
  /** A representative point (roughly the middle of the street, or the landmark itself): house numbers are not interpolated. */
  lat: number;
  lon: number;
  aliases?: string[];
}

export const NEIGHBOURHOODS: NeighbourhoodEntry[] = [
  // Zona Sul
  {
    id: 'copacabana',
    name: 'Copacabana',
    city: 'Rio de Janeiro',
    zone: 'Zona Sul',
    lat: -22.9711,
    lon: -43.1863,
    aliases: ['copa'],
  },
  { id: 'leme', name: 'Leme', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.9633, lon: -43.1705 },
  { id: 'ipanema', name: 'Ipanema', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.9838, lon: -43.2096 },
  { id: 'leblon', name: 'Leblon', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.984, lon: -43.224 },
  { id: 'botafogo', name: 'Botafogo', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.9519, lon: -43.1858 },
  { id: 'flamengo', name: 'Flamengo', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.9335, lon: -43.175 },
  {
    id: 'laranjeiras',
    name: 'Laranjeiras',
    city: 'Rio de Janeiro',
    zone: 'Zona Sul',
    lat: -22.937,
    lon: -43.19,
    aliases: ['laranjeira'],
  },
  { id: 'catete', name: 'Catete', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.926, lon: -43.1775 },
  { id: 'gloria', name: 'Glória', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.9205, lon: -43.1755 },
  { id: 'humaita', name: 'Humaitá', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.956, lon: -43.1985 },
  { id: 'urca', name: 'Urca', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.949, lon: -43.164 },
  {
    id: 'lagoa',
    name: 'Lagoa',
    city: 'Rio de Janeiro',
    zone: 'Zona Sul',
    lat: -22.97,
    lon: -43.204,
    aliases: ['lagoa rodrigo de freitas'],
  },
  {
    id: 'jardim-botanico',
    name: 'Jardim Botânico',
    city: 'Rio de Janeiro',
    zone: 'Zona Sul',
    lat: -22.965,
    lon: -43.222,
    aliases: ['jb'],
  },
  { id: 'gavea', name: 'Gávea', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.978, lon: -43.232 },
  { id: 'vidigal', name: 'Vidigal', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.994, lon: -43.237 },
  { id: 'rocinha', name: 'Rocinha', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.988, lon: -43.248 },
  { id: 'sao-conrado', name: 'São Conrado', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.999, lon: -43.266 },
  { id: 'cosme-velho', name: 'Cosme Velho', city: 'Rio de Janeiro', zone: 'Zona Sul', lat: -22.9405, lon: -43.1985 },
  {
    id: 'santa-teresa',
    name: 'Santa Teresa',
    city: 'Rio de Janeiro',
    zone: 'Centro',
    lat: -22.922,
    lon: -43.189,
    aliases: ['santa tereza'],
  },
  { id: 'joa', name: 'Joá', city: 'Rio de Janeiro', zone: 'Zona Oeste', lat: -23.009, lon: -43.288 },

  // Centro
  {
    id: 'centro',
    name: 'Centro',
    city: 'Rio de Janeiro',
    zone: 'Centro',
    lat: -22.906,
    lon: -43.18,
    defaultFor: ['centro'],
  },
  { id: 'lapa', name: 'Lapa', city: 'Rio de Janeiro', zone: 'Centro', lat: -22.913, lon: -43.181 },
  { id: 'saude', name: 'Saúde', city: 'Rio de Janeiro', zone: 'Centro', lat: -22.896, lon: -43.185 },
  { id: 'gamboa', name: 'Gamboa', city: 'Rio de Janeiro', zone: 'Centro', lat: -22.8975, lon: -43.195 },
  { id: 'santo-cristo', name: 'Santo Cristo', city: 'Rio de Janeiro', zone: 'Centro', lat: -22.897, lon: -43.204 },
  { id: 'cidade-nova', name: 'Cidade Nova', city: 'Rio de Janeiro', zone: 'Centro', lat: -22.91, lon: -43.203 },
  { id: 'estacio', name: 'Estácio', city: 'Rio de Janeiro', zone: 'Centro', lat: -22.915, lon: -43.206 },
  { id: 'rio-comprido', name: 'Rio Comprido', city: 'Rio de Janeiro', zone: 'Centro', lat: -22.9245, lon: -43.211 },
  { id: 'catumbi', name: 'Catumbi', city: 'Rio de Janeiro', zone: 'Centro', lat: -22.9165, lon: -43.1965 },

  // Zona Norte
  {
    id: 'praca-da-bandeira',
    name: 'Praça da Bandeira',
    city: 'Rio de Janeiro',
    zone: 'Zona Norte',
    lat: -22.912,
    lon: -43.214,
  },
  { id: 'tijuca', name: 'Tijuca', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.925, lon: -43.232 },
  { id: 'maracana', name: 'Maracanã', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.9135, lon: -43.232 },
  { id: 'vila-isabel', name: 'Vila Isabel', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.916, lon: -43.246 },
  { id: 'grajau', name: 'Grajaú', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.921, lon: -43.2625 },
  { id: 'andarai', name: 'Andaraí', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.9265, lon: -43.253 },
  {
    id: 'sao-francisco-xavier',
    name: 'São Francisco Xavier',
    city: 'Rio de Janeiro',
    zone: 'Zona Norte',
    lat: -22.905,
    lon: -43.243,
  },
  {
    id: 'sao-cristovao',
    name: 'São Cristóvão',
    city: 'Rio de Janeiro',
    zone: 'Zona Norte',
    lat: -22.899,
    lon: -43.224,
  },
  { id: 'benfica', name: 'Benfica', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.8895, lon: -43.2385 },
  { id: 'manguinhos', name: 'Manguinhos', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.88, lon: -43.248 },
  {
    id: 'meier',
    name: 'Méier',
    city: 'Rio de Janeiro',
    zone: 'Zona Norte',
    lat: -22.902,
    lon: -43.279,
    aliases: ['meyer'],
  },
  { id: 'engenho-novo', name: 'Engenho Novo', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.905, lon: -43.2665 },
  {
    id: 'engenho-de-dentro',
    name: 'Engenho de Dentro',
    city: 'Rio de Janeiro',
    zone: 'Zona Norte',
    lat: -22.8955,
    lon: -43.295,
  },
  { id: 'cachambi', name: 'Cachambi', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.8895, lon: -43.277 },
  { id: 'del-castilho', name: 'Del Castilho', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.878, lon: -43.27 },
  { id: 'inhauma', name: 'Inhaúma', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.8715, lon: -43.284 },
  { id: 'piedade', name: 'Piedade', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.891, lon: -43.308 },
  { id: 'cascadura', name: 'Cascadura', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.8815, lon: -43.329 },
  { id: 'madureira', name: 'Madureira', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.8725, lon: -43.339 },
  {
    id: 'marechal-hermes',
    name: 'Marechal Hermes',
    city: 'Rio de Janeiro',
    zone: 'Zona Norte',
    lat: -22.866,
    lon: -43.368,
  },
  { id: 'bonsucesso', name: 'Bonsucesso', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.866, lon: -43.255 },
  { id: 'ramos', name: 'Ramos', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.849, lon: -43.256 },
  { id: 'olaria', name: 'Olaria', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.8455, lon: -43.2655 },
  { id: 'penha', name: 'Penha', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.841, lon: -43.278 },
  {
    id: 'vila-da-penha',
    name: 'Vila da Penha',
    city: 'Rio de Janeiro',
    zone: 'Zona Norte',
    lat: -22.843,
    lon: -43.311,
  },
  { id: 'iraja', name: 'Irajá', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.833, lon: -43.325 },
  { id: 'pavuna', name: 'Pavuna', city: 'Rio de Janeiro', zone: 'Zona Norte', lat: -22.8085, lon: -43.362 },
  {
    id: 'ilha-do-governador',
    name: 'Ilha do Governador',
    city: 'Rio de Janeiro',
    zone: 'Zona Norte',
    lat: -22.8,
    lon: -43.2,
    aliases: ['ilha', 'ilha do gov'],
  },
  {
    id: 'freguesia-ilha',
    name: 'Freguesia',
    qualifier: 'Ilha do Governador',
    district: 'ilha-do-governador',
    city: 'Rio de Janeiro',
    zone: 'Zona Norte',
    lat: -22.789,
    lon: -43.172,
    aliases: ['freguesia da ilha', 'freguesia ilha do governador'],
  },

  // Zona Oeste
  {
    id: 'barra-da-tijuca',
    name: 'Barra da Tijuca',
    city: 'Rio de Janeiro',
    zone: 'Zona Oeste',
    lat: -23.0004,
    lon: -43.3659,
    aliases: ['barra'],
  },
  {
    id: 'recreio',
    name: 'Recreio dos Bandeirantes',
    city: 'Rio de Janeiro',
    zone: 'Zona Oeste',
    lat: -23.017,
    lon: -43.463,
    aliases: ['recreio', 'rec'],
  },
  { id: 'itanhanga', name: 'Itanhangá', city: 'Rio de Janeiro', zone: 'Zona Oeste', lat: -22.987, lon: -43.312 },
  // A very large bairro (much of it forest); the point sits in its populated east, and its name also stands for the
  // whole region.
  {
    id: 'jacarepagua',
    name: 'Jacarepaguá',
    city: 'Rio de Janeiro',
    zone: 'Zona Oeste',
    lat: -22.952,
    lon: -43.375,
    aliases: ['jpa'],
  },
  {
    id: 'freguesia-jacarepagua',
    name: 'Freguesia',
    qualifier: 'Jacarepaguá',
    district: 'jacarepagua',
    city: 'Rio de Janeiro',
    zone: 'Zona Oeste',
    lat: -22.938,
    lon: -43.342,
    aliases: ['freguesia de jacarepagua'],
  },
  {
    id: 'taquara',
    name: 'Taquara',
    city: 'Rio de Janeiro',
    zone: 'Zona Oeste',
    lat: -22.922,
    lon: -43.37,
    district: 'jacarepagua',
  },
  {
    id: 'pechincha',
    name: 'Pechincha',
    city: 'Rio de Janeiro',
    zone: 'Zona Oeste',
    lat: -22.93,
    lon: -43.353,
    district: 'jacarepagua',
  },
  {
    id: 'cidade-de-deus',
    name: 'Cidade de Deus',
    city: 'Rio de Janeiro',
    zone: 'Zona Oeste',
    lat: -22.948,
    lon: -43.3625,
    district: 'jacarepagua',
  },
  {
    id: 'vargem-pequena',
    name: 'Vargem Pequena',
    city: 'Rio de Janeiro',
    zone: 'Zona Oeste',
    lat: -22.993,
    lon: -43.456,
  },
  {
    id: 'vargem-grande',
    name: 'Vargem Grande',
    city: 'Rio de Janeiro',
    zone: 'Zona Oeste',
    lat: -22.987,
    lon: -43.494,
  },
  {
    id: 'barra-de-guaratiba',
    name: 'Barra de Guaratiba',
    city: 'Rio de Janeiro',
    zone: 'Zona Oeste',
    lat: -23.065,
    lon: -43.565,
  },
  { id: 'realengo', name: 'Realengo', city: 'Rio de Janeiro', zone: 'Zona Oeste', lat: -22.878, lon: -43.431 },
  { id: 'padre-miguel', name: 'Padre Miguel', city: 'Rio de Janeiro', zone: 'Zona Oeste', lat: -22.877, lon: -43.448 },
  { id: 'bangu', name: 'Bangu', city: 'Rio de Janeiro', zone: 'Zona Oeste', lat: -22.876, lon: -43.465 },
  { id: 'campo-grande', name: 'Campo Grande', city: 'Rio de Janeiro', zone: 'Zona Oeste', lat: -22.902, lon: -43.562 },
  { id: 'santa-cruz', name: 'Santa Cruz', city: 'Rio de Janeiro', zone: 'Zona Oeste', lat: -22.916, lon: -43.685 },
  { id: 'sepetiba', name: 'Sepetiba', city: 'Rio de Janeiro', zone: 'Zona Oeste', lat: -22.97, lon: -43.705 },

  // Niterói, across the bay: its own city, so its "Centro" must not be confused with Rio's.
  {
    id: 'niteroi-centro',
    name: 'Centro',
    qualifier: 'Niterói',
    city: 'Niterói',
    zone: 'Niterói',
    lat: -22.894,
    lon: -43.121,
    aliases: ['centro de niteroi'],
  },
  { id: 'inga', name: 'Ingá', city: 'Niterói', zone: 'Niterói', lat: -22.901, lon: -43.126 },
  { id: 'icarai', name: 'Icaraí', city: 'Niterói', zone: 'Niterói', lat: -22.9045, lon: -43.107 },
  {
    id: 'sao-francisco-niteroi',
    name: 'São Francisco',
    city: 'Niterói',
    zone: 'Niterói',
    lat: -22.9185,
    lon: -43.0935,
  },
  { id: 'charitas', name: 'Charitas', city: 'Niterói', zone: 'Niterói', lat: -22.93, lon: -43.1 },
];

/**
 * The neighbourhoods a carioca names with an article ("no Leblon", "na Tijuca"), so a shared point reads "perto do
 * Leblon" and not "perto de Leblon"; the rest go without one ("em Copacabana", "perto de Copacabana").
 */
export const PT_ARTICLE: Record<string, 'o' | 'a'> = {
  andarai: 'o',
  'barra-da-tijuca': 'a',
  cachambi: 'o',
  catete: 'o',
  catumbi: 'o',
  centro: 'o',
  'cidade-de-deus': 'a',
  'cidade-nova': 'a',
  'cosme-velho': 'o',
  'engenho-de-dentro': 'o',
  'engenho-novo': 'o',
  estacio: 'o',
  flamengo: 'o',
  'freguesia-ilha': 'a',
  'freguesia-jacarepagua': 'a',
  gamboa: 'a',
  gavea: 'a',
  gloria: 'a',
  grajau: 'o',
  humaita: 'o',
  'ilha-do-governador': 'a',
  inga: 'o',
  itanhanga: 'o',
  'jardim-botanico': 'o',
  joa: 'o',
  lagoa: 'a',
  lapa: 'a',
  leblon: 'o',
  leme: 'o',
  maracana: 'o',
  meier: 'o',
  'niteroi-centro': 'o',
  pavuna: 'a',
  pechincha: 'o',
  penha: 'a',
  'praca-da-bandeira': 'a',
  recreio: 'o',
  'rio-comprido': 'o',
  rocinha: 'a',
  'santo-cristo': 'o',
  saude: 'a',
  taquara: 'a',
  tijuca: 'a',
  urca: 'a',
  vidigal: 'o',
  'vila-da-penha': 'a',
};

// City names only qualify a shared neighbourhood name: "centro" is Rio's unless Niterói is named, and "freguesia" has
// no
// default (Jacarepaguá's and the Ilha's are ~20 km apart), so without "Jacarepaguá"/"Ilha" the customer is asked.
export const CITY_ALIASES: Record<City, string[]> = {
  'Rio de Janeiro': ['rio de janeiro', 'rio', 'rj'],
  Niterói: ['niteroi'],
};

export const STREETS: StreetEntry[] = [
  // Copacabana and Leme
  {
    id: 'av-atlantica',
    name: 'Avenida Atlântica',
    neighbourhoods: ['copacabana', 'leme'],
    lat: -22.9722,
    lon: -43.1832,
  },
  {
    id: 'av-nsa-copacabana',
    name: 'Avenida Nossa Senhora de Copacabana',
    neighbourhoods: ['copacabana', 'leme'],
    lat: -22.97,
    lon: -43.1855,
    // Locals shorten it to "Avenida Copacabana"; without this alias the name would read as the neighbourhood.
    aliases: ['avenida copacabana'],
  },
  { id: 'r-barata-ribeiro', name: 'Rua Barata Ribeiro', neighbourhoods: ['copacabana'], lat: -22.9688, lon: -43.1875 },
  {
    id: 'r-figueiredo-magalhaes',
    name: 'Rua Figueiredo Magalhães',
    neighbourhoods: ['copacabana'],
    lat: -22.969,
    lon: -43.1855,
  },
  { id: 'r-siqueira-campos', name: 'Rua Siqueira Campos', neighbourhoods: ['copacabana'], lat: -22.9655, lon: -43.185 },
  { id: 'r-santa-clara', name: 'Rua Santa Clara', neighbourhoods: ['copacabana'], lat: -22.971, lon: -43.188 },
  { id: 'r-tonelero', name: 'Rua Tonelero', neighbourhoods: ['copacabana'], lat: -22.969, lon: -43.1895 },
  { id: 'r-bolivar', name: 'Rua Bolívar', neighbourhoods: ['copacabana'], lat: -22.976, lon: -43.1885 },
  {
    id: 'r-xavier-da-silveira',
    name: 'Rua Xavier da Silveira',
    neighbourhoods: ['copacabana'],
    lat: -22.9775,
    lon: -43.1915,
  },
  { id: 'r-francisco-sa', name: 'Rua Francisco Sá', neighbourhoods: ['copacabana'], lat: -22.9815, lon: -43.192 },
  {
    id: 'av-princesa-isabel',
    name: 'Avenida Princesa Isabel',
    neighbourhoods: ['copacabana', 'leme'],
    lat: -22.9635,
    lon: -43.1755,
  },
  { id: 'copacabana-palace', name: 'Copacabana Palace', neighbourhoods: ['copacabana'], lat: -22.9671, lon: -43.1786 },
  {
    id: 'metro-cantagalo',
    name: 'Metrô Cantagalo',
    neighbourhoods: ['copacabana'],
    lat: -22.9764,
    lon: -43.1934,
    aliases: ['cantagalo', 'estacao cantagalo', 'praca cantagalo'],
  },
  {
    id: 'posto-6',
    name: 'Posto 6',
    neighbourhoods: ['copacabana'],
    lat: -22.9858,
    lon: -43.1885,
    aliases: ['posto seis'],
  },

  // Ipanema and Leblon
  {
    id: 'arpoador',
    name: 'Arpoador',
    neighbourhoods: ['ipanema'],
    lat: -22.9882,
    lon: -43.1925,
    aliases: ['pedra do arpoador', 'praia do arpoador'],
  },
  { id: 'pc-general-osorio', name: 'Praça General Osório', neighbourhoods: ['ipanema'], lat: -22.9848, lon: -43.1975 },
  {
    id: 'r-visconde-de-piraja',
    name: 'Rua Visconde de Pirajá',
    neighbourhoods: ['ipanema'],
    lat: -22.9838,
    lon: -43.206,
  },
  { id: 'r-barao-da-torre', name: 'Rua Barão da Torre', neighbourhoods: ['ipanema'], lat: -22.9825, lon: -43.205 },
  { id: 'av-vieira-souto', name: 'Avenida Vieira Souto', neighbourhoods: ['ipanema'], lat: -22.9868, lon: -43.206 },
  {
    id: 'r-vinicius-de-moraes',
    name: 'Rua Vinicius de Moraes',
    neighbourhoods: ['ipanema'],
    lat: -22.984,
    lon: -43.203,
  },
  { id: 'r-farme-de-amoedo', name: 'Rua Farme de Amoedo', neighbourhoods: ['ipanema'], lat: -22.9848, lon: -43.1998 },
  {
    id: 'av-ataulfo-de-paiva',
    name: 'Avenida Ataulfo de Paiva',
    neighbourhoods: ['leblon'],
    lat: -22.984,
    lon: -43.223,
  },
  { id: 'av-delfim-moreira', name: 'Avenida Delfim Moreira', neighbourhoods: ['leblon'], lat: -22.9872, lon: -43.2235 },
  { id: 'r-dias-ferreira', name: 'Rua Dias Ferreira', neighbourhoods: ['leblon'], lat: -22.983, lon: -43.227 },

  // Botafogo and Humaitá
  {
    id: 'r-voluntarios-da-patria',
    name: 'Rua Voluntários da Pátria',
    neighbourhoods: ['botafogo', 'humaita'],
    lat: -22.953,
    lon: -43.191,
  },
  { id: 'r-sao-clemente', name: 'Rua São Clemente', neighbourhoods: ['botafogo'], lat: -22.951, lon: -43.189 },
  { id: 'r-real-grandeza', name: 'Rua Real Grandeza', neighbourhoods: ['botafogo'], lat: -22.956, lon: -43.187 },
  { id: 'praia-de-botafogo', name: 'Praia de Botafogo', neighbourhoods: ['botafogo'], lat: -22.946, lon: -43.1815 },
  {
    id: 'shopping-rio-sul',
    name: 'Shopping Rio Sul',
    neighbourhoods: ['botafogo'],
    lat: -22.9568,
    lon: -43.177,
    aliases: ['rio sul'],
  },

  // Centro
  { id: 'av-rio-branco', name: 'Avenida Rio Branco', neighbourhoods: ['centro'], lat: -22.904, lon: -43.1775 },
];
