//! [`Items`]: a unit's items by leaf code.

use super::ItemInput;
use schemars::JsonSchema;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smol_str::SmolStr;
use std::collections::BTreeMap;
use std::fmt;

/// A unit's items by leaf code, in code order, as a map from code to item (the JSON object
/// `items`). Inserting a code that is already there replaces its item, as in a `BTreeMap`.
///
/// Held as one sorted vector with the codes inline (a code of up to 23 bytes takes no allocation of
/// its own): a country's batch walks millions of items, and a unit's items then sit in one block of
/// memory instead of a tree of nodes pointing to separate strings.
#[derive(Clone, Default, PartialEq)]
pub struct Items(Vec<(SmolStr, ItemInput)>);

impl Items {
    /// No items.
    pub fn new() -> Items {
        Items::default()
    }

    /// How many items.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, code: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(c, _)| c.as_str().cmp(code))
    }

    /// The item of `code`.
    pub fn get(&self, code: &str) -> Option<&ItemInput> {
        self.find(code).ok().map(|i| &self.0[i].1)
    }

    /// The item of `code`, looked for first at position `*at`; `*at` becomes where it is found.
    /// A good guess saves the search: where the last unit of the group had the code (units of a
    /// group give the same codes), or just after the item of the node before (codes mostly sort
    /// in the order of the nodes).
    pub(crate) fn get_at(&self, code: &str, at: &mut usize) -> Option<&ItemInput> {
        match self.0.get(*at) {
            Some((c, it)) if c == code => Some(it),
            _ => {
                *at = self.find(code).ok()?;
                Some(&self.0[*at].1)
            }
        }
    }

    /// The item of `code`, to change in place.
    pub fn get_mut(&mut self, code: &str) -> Option<&mut ItemInput> {
        self.find(code).ok().map(|i| &mut self.0[i].1)
    }

    /// Whether `code` has an item.
    pub fn contains_key(&self, code: &str) -> bool {
        self.find(code).is_ok()
    }

    /// Gives `code` the item, returning the one it replaces.
    pub fn insert(&mut self, code: impl AsRef<str>, item: ItemInput) -> Option<ItemInput> {
        let code = code.as_ref();
        match self.find(code) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, item)),
            Err(i) => {
                self.0.insert(i, (code.into(), item));
                None
            }
        }
    }

    /// The items of `pairs` in any order, a code given twice keeping its last item (as inserting
    /// them one by one would, in O(n log n) rather than O(n²) for codes out of order).
    pub(crate) fn from_pairs(mut pairs: Vec<(SmolStr, ItemInput)>) -> Items {
        if !pairs.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable: the items of a code stay in the order given, and the last is kept.
            crate::support::sort::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
            pairs.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                same
            });
        }
        Items(pairs)
    }

    /// Takes the item of `code` out.
    pub fn remove(&mut self, code: &str) -> Option<ItemInput> {
        self.find(code).ok().map(|i| self.0.remove(i).1)
    }

    /// Codes and items, in code order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.0.iter())
    }

    /// The codes, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.0.iter().map(|(c, _)| c.as_str())
    }

    /// The items, in code order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &ItemInput> + ExactSizeIterator {
        self.0.iter().map(|(_, it)| it)
    }
}

/// The codes and items of [`Items`], in code order.
#[derive(Clone)]
pub struct Iter<'a>(std::slice::Iter<'a, (SmolStr, ItemInput)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a ItemInput);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(c, it)| (c.as_str(), it))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(c, it)| (c.as_str(), it))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Items {
    type Item = (&'a str, &'a ItemInput);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The codes and items of [`Items`] taken out, in code order.
pub struct IntoIter(std::vec::IntoIter<(SmolStr, ItemInput)>);

impl Iterator for IntoIter {
    type Item = (String, ItemInput);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(c, it)| (c.into(), it))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(c, it)| (c.into(), it))
    }
}

impl ExactSizeIterator for IntoIter {}

impl IntoIterator for Items {
    type Item = (String, ItemInput);
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter(self.0.into_iter())
    }
}

impl<Q: AsRef<str> + ?Sized> std::ops::Index<&Q> for Items {
    type Output = ItemInput;

    /// The item of `code`; panics when there is none, as a `BTreeMap` does.
    fn index(&self, code: &Q) -> &ItemInput {
        self.get(code.as_ref()).expect("no item for this code")
    }
}

impl<K: AsRef<str>> Extend<(K, ItemInput)> for Items {
    /// As inserting each in turn (the last item of a code wins), sorted once at the end.
    fn extend<T: IntoIterator<Item = (K, ItemInput)>>(&mut self, iter: T) {
        let mut pairs = std::mem::take(&mut self.0);
        pairs.extend(iter.into_iter().map(|(c, it)| (SmolStr::new(c), it)));
        *self = Items::from_pairs(pairs);
    }
}

impl<K: AsRef<str>> FromIterator<(K, ItemInput)> for Items {
    fn from_iter<T: IntoIterator<Item = (K, ItemInput)>>(iter: T) -> Items {
        let pairs = iter.into_iter().map(|(c, it)| (SmolStr::new(c), it));
        Items::from_pairs(pairs.collect())
    }
}

impl<K: AsRef<str>, const N: usize> From<[(K, ItemInput); N]> for Items {
    fn from(a: [(K, ItemInput); N]) -> Items {
        a.into_iter().collect()
    }
}

impl From<BTreeMap<String, ItemInput>> for Items {
    fn from(m: BTreeMap<String, ItemInput>) -> Items {
        // Already in order: only checked.
        m.into_iter().collect()
    }
}

impl fmt::Debug for Items {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Items {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.len()))?;
        for (code, item) in self {
            m.serialize_entry(code, item)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Items {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Items, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Items;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of items by code")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Items, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Items::from_pairs(pairs))
            }
        }
        d.deserialize_map(V)
    }
}

impl crate::de::FromTree for Items {
    fn from_tree(de: crate::de::De<'_, '_>) -> Result<Items, serde_json::Error> {
        let mut pairs = Vec::new();
        de.entries("a map of items by code", |code, item| {
            pairs.push((code.into(), item))
        })?;
        Ok(Items::from_pairs(pairs))
    }
}

impl JsonSchema for Items {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, ItemInput>>::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, ItemInput>>::json_schema(generator)
    }

    fn inline_schema() -> bool {
        <BTreeMap<String, ItemInput>>::inline_schema()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Insert(String, u64),
        Remove(String),
    }

    fn code() -> impl Strategy<Value = String> {
        // Short codes (inline) and a few long ones (on the heap), sharing prefixes.
        prop_oneof![
            "[1-3](\\.[1-3]){0,2}",
            "[1-3]\\.[1-3]\\.long-code-of-more-than-23-bytes",
        ]
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (code(), 0..5u64).prop_map(|(c, n)| Op::Insert(c, n)),
            1 => code().prop_map(Op::Remove),
        ]
    }

    proptest! {
        /// Items behave as the `BTreeMap` of codes they replace: the same answers to every
        /// insert, removal and lookup, the same order, the same JSON both ways.
        #[test]
        fn items_are_a_map_in_code_order(ops in prop::collection::vec(op(), 0..40)) {
            let mut items = Items::new();
            let mut model = BTreeMap::new();
            for op in ops {
                match op {
                    Op::Insert(c, n) => {
                        let it = ItemInput::default().with_count(n);
                        prop_assert_eq!(items.insert(&c, it.clone()), model.insert(c, it));
                    }
                    Op::Remove(c) => prop_assert_eq!(items.remove(&c), model.remove(&c)),
                }
            }
            prop_assert_eq!(items.len(), model.len());
            prop_assert!(items.iter().eq(model.iter().map(|(c, it)| (c.as_str(), it))));
            for c in model.keys() {
                prop_assert_eq!(items.get(c), model.get(c));
                prop_assert!(items.contains_key(c));
            }
            prop_assert_eq!(items.get("4"), None);
            let json = serde_json::to_string(&items).unwrap();
            prop_assert_eq!(&json, &serde_json::to_string(&model).unwrap());
            prop_assert_eq!(serde_json::from_str::<Items>(&json).unwrap(), items.clone());
            prop_assert_eq!(Items::from(model.clone()), items.clone());
            prop_assert!(items.into_iter().eq(model));
        }
    }

    proptest! {
        /// Built at once from codes in any order, with repeats (as JSON objects and the typed
        /// API give them), Items hold what inserting them one by one into a map gives: each code
        /// once, with its last item, in code order; through JSON text (both readers) too.
        #[test]
        fn items_built_at_once_keep_each_codes_last_item(
            pairs in prop::collection::vec((code(), 0..5u64), 0..40)
        ) {
            let pairs: Vec<(String, ItemInput)> = (pairs.into_iter())
                .map(|(c, n)| (c, ItemInput::default().with_count(n)))
                .collect();
            let model: BTreeMap<String, ItemInput> = pairs.iter().cloned().collect();
            let items: Items = pairs.iter().cloned().collect();
            prop_assert!(items.iter().eq(model.iter().map(|(c, it)| (c.as_str(), it))));
            let (a, b) = pairs.split_at(pairs.len() / 2);
            let mut extended: Items = a.iter().cloned().collect();
            extended.extend(b.iter().cloned());
            prop_assert_eq!(&extended, &items);
            let mut text = String::from("{");
            for (i, (c, it)) in pairs.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&format!("{}:{}", serde_json::to_string(c).unwrap(), serde_json::to_string(it).unwrap()));
            }
            text.push('}');
            prop_assert_eq!(&serde_json::from_str::<Items>(&text).unwrap(), &items);
            let unit = format!(r#"{{"id": "u", "name": "U", "group": "g", "items": {text}}}"#);
            let batch = format!(r#"{{"format_version": 1, "units": [{unit}]}}"#);
            let from_text = crate::input::text::batch(&batch).expect("the small reader reads it");
            prop_assert_eq!(&from_text.units[0].items, &items);
            let tree = serde_json::from_str::<serde_json::Value>(&unit).unwrap();
            match crate::input::parse_unit(&tree, "$") {
                crate::input::UnitEntry::Ok(u) => prop_assert_eq!(&u.items, &items),
                other => prop_assert!(false, "{other:?}"),
            }
        }
    }

    #[test]
    fn a_code_given_twice_keeps_the_last_item_as_a_map_does() {
        let json = r#"{"2": {"count": 1}, "1": {"count": 2}, "2": {"count": 3}}"#;
        let items: Items = serde_json::from_str(json).unwrap();
        let model: BTreeMap<String, ItemInput> = serde_json::from_str(json).unwrap();
        assert_eq!(items.keys().collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(items["2"].count(), Some(3));
        assert!(items
            .iter()
            .eq(model.iter().map(|(c, it)| (c.as_str(), it))));
    }

    #[test]
    fn an_item_is_found_wherever_the_guess_points() {
        let items: Items = [("1.1", 1), ("1.2", 2), ("2.1", 3)]
            .map(|(c, n)| (c, ItemInput::default().with_count(n)))
            .into();
        for start in [0, 1, 2, 3, 99] {
            let mut at = start;
            assert_eq!(
                items.get_at("2.1", &mut at).and_then(|it| it.count()),
                Some(3)
            );
            assert_eq!(at, 2);
            let mut at = start;
            assert_eq!(items.get_at("1.3", &mut at), None, "from {start}");
        }
    }
}
