// The store's menu as knowledge documents ("Cardápio e preços", "Menu and prices"), one passage per category, so a
// question about one item's price is answered from the same store file the menu is built from.
import type { StorePackage } from '../../core/catalog.ts';
import { formatMoney, type Lang } from '../../core/lang.ts';
import { KNOWLEDGE_LANGS, type KnowledgeDocument } from './knowledge-documents.ts';

const TITLES: Record<Lang, { title: string; price: (name: string, price: string) => string }> = {
  'pt-BR': { title: 'Cardápio e preços', price: (name, price) => `${name}: ${price}.` },
  en: { title: 'Menu and prices', price: (name, price) => `${name}: ${price}.` },
};

/** The sources of the menu documents, by language. */
export const MENU_SOURCES: Readonly<Record<Lang, string>> = { 'pt-BR': 'cardapio-e-precos', en: 'menu-and-prices' };

/** Category names without their emoji: "🍕 Pizzas" → "Pizzas". */
const plain = (name: string) => name.replace(/^[^\p{L}\p{N}]+/u, '').trim();

/** One document per language, each category a passage listing its items with their prices. */
export function menuDocuments(pkg: StorePackage): KnowledgeDocument[] {
  return KNOWLEDGE_LANGS.map((lang) => {
    const t = TITLES[lang];
    const passages = pkg.store.categories
      .map((category) => ({
        heading: `${t.title} › ${plain(category.name[lang])}`,
        text: pkg.products
          .filter((p) => p.category === category.id)
          .map((p) => `- ${t.price(p.name[lang], formatMoney(p.price, lang))}`)
          .join('\n'),
      }))
      .filter((p) => p.text);
    return {
      lang,
      source: MENU_SOURCES[lang],
      topic: 'menu',
      title: t.title,
      markdown: '',
      passages,
    };
  });
}
