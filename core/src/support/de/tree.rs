//! The deserializer of a JSON tree ([`De`]), and internally tagged enums read in place.

use super::path::{not_an_object, Chain, PathError, Track};
use serde::de::{
    self, value::BorrowedStrDeserializer, value::EnumAccessDeserializer, DeserializeOwned,
    DeserializeSeed, Unexpected, Visitor,
};
use serde::Deserialize;
use serde_json::{Error, Map, Value};
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

/// Deserialise a `T` from a JSON tree; on failure, also say where.
pub fn from_value<'de, T: Deserialize<'de>>(v: &'de Value) -> Result<T, PathError> {
    tracked(v, |de| T::deserialize(de))
}

/// Read the tree `v` with `read` from its root; on failure, the path of the innermost value the
/// error passed through (the one place both readers, serde's and the tables', turn an error into
/// a [`PathError`]).
pub(super) fn tracked<'de, T>(
    v: &'de Value,
    read: impl FnOnce(De<'de, '_>) -> Result<T, Error>,
) -> Result<T, PathError> {
    let track = Track(Cell::new(None));
    read(De {
        v,
        chain: &Chain::Root,
        track: &track,
    })
    .map_err(|inner| {
        let (path, json_path) = track
            .0
            .take()
            .unwrap_or_else(|| (".".into(), String::new()));
        PathError {
            path,
            json_path,
            inner,
        }
    })
}

/// The deserializer of a value in a JSON tree (and its place in the tree).
#[derive(Clone, Copy)]
pub struct De<'de, 'c> {
    pub(super) v: &'de Value,
    pub(super) chain: &'c Chain<'c>,
    pub(super) track: &'c Track,
}

impl<'de> De<'de, '_> {
    fn map<V: Visitor<'de>>(self, m: &'de Map<String, Value>, vis: V) -> Result<V::Value, Error> {
        self.map_without(m, None, vis)
    }

    /// The object's entries but `skip`.
    #[inline(never)]
    fn map_without<V: Visitor<'de>>(
        self,
        m: &'de Map<String, Value>,
        skip: Option<&'static str>,
        vis: V,
    ) -> Result<V::Value, Error> {
        let mut access = MapAcc {
            it: m.iter(),
            skip,
            value: None,
            chain: self.chain,
            track: self.track,
        };
        let out = vis.visit_map(&mut access)?;
        access.end(m.len())?;
        Ok(out)
    }

    #[inline(never)]
    fn seq<V: Visitor<'de>>(self, a: &'de [Value], vis: V) -> Result<V::Value, Error> {
        let mut access = SeqAcc {
            it: a.iter(),
            index: 0,
            chain: self.chain,
            track: self.track,
        };
        let out = vis.visit_seq(&mut access)?;
        if access.it.len() != 0 {
            return Err(fewer_elements(a.len()));
        }
        Ok(out)
    }

    pub(super) fn done<T>(self, r: Result<T, Error>) -> Result<T, Error> {
        r.map_err(|e| self.track.fail(self.chain, e))
    }

    /// An internally tagged enum: the variant named by the object's `tag` field, its fields the
    /// object's other entries.
    fn tagged<V: Visitor<'de>>(self, tag: &'static str, vis: V) -> Result<V::Value, Error> {
        match self.v {
            Value::Object(m) => vis.visit_enum(Tagged { de: self, m, tag }),
            Value::Array(_) => Err(not_an_object()),
            v => Err(de::Error::invalid_type(unexpected(v), &vis)),
        }
    }
}

/// What a value is, for "invalid type" messages: serde_json's wording (with `arbitrary_precision`,
/// which the workspace enables, serde_json calls every number `number`).
pub(super) fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(_) => Unexpected::Other("number"),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// Strings, booleans and null are read by serde_json's `&Value` methods that have no object or
/// array case (objects and arrays must never reach serde_json's own map and seq readers: that
/// would compile every visitor a second time).
macro_rules! scalar {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, vis: V) -> Result<V::Value, Error> {
            self.done(self.v.$method(vis))
        }
    )*};
}

/// Numbers are read as `deserialize_any` reads them (see [`number`]).
macro_rules! number {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, vis: V) -> Result<V::Value, Error> {
            self.deserialize_any(vis)
        }
    )*};
}

/// serde_json's name for a number kept as its text (`arbitrary_precision`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A number: an integer that fits 64 bits as such; any other number as its exact text, the way
/// serde_json hands it to a `Decimal` (a map of one entry, [`NUMBER_TOKEN`] → the digits). Never
/// through a float, unlike serde_json's own `Number` deserializer (which tries `f64` first): a
/// decimal stays exact, and the float parsing code is not linked in.
#[inline(never)]
fn number<'de, V: Visitor<'de>>(n: &'de serde_json::Number, vis: V) -> Result<V::Value, Error> {
    if let Some(u) = n.as_u64() {
        return vis.visit_u64(u);
    }
    if let Some(i) = n.as_i64() {
        return vis.visit_i64(i);
    }
    let text = n.as_str();
    // A visitor that takes no map (an integer field given `1.5`) fails before asking for a key:
    // that is reported the way serde_json does, as an unexpected number.
    let expected = format!("{}", &vis as &dyn de::Expected);
    let asked = Cell::new(false);
    vis.visit_map(NumberText {
        text: Some(text),
        asked: &asked,
    })
    .map_err(|e| {
        if asked.get() {
            return e;
        }
        let what = if text.contains(['.', 'e', 'E']) {
            "floating point"
        } else {
            "integer"
        };
        de::Error::invalid_type(
            Unexpected::Other(&format!("{what} `{text}`")),
            &expected.as_str(),
        )
    })
}

/// The one-entry map by which a number's text is handed over.
struct NumberText<'de, 'a> {
    text: Option<&'de str>,
    asked: &'a Cell<bool>,
}

impl<'de> de::MapAccess<'de> for NumberText<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        self.asked.set(true);
        if self.text.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(NUMBER_TOKEN))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let text = self.text.take().unwrap_or_default();
        seed.deserialize(BorrowedStrDeserializer::new(text))
    }
}

impl<'de> de::Deserializer<'de> for De<'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, vis: V) -> Result<V::Value, Error> {
        let r = match self.v {
            Value::Null => vis.visit_unit(),
            Value::Bool(b) => vis.visit_bool(*b),
            Value::Number(n) => number(n, vis),
            Value::String(s) => vis.visit_borrowed_str(s),
            Value::Array(a) => self.seq(a, vis),
            Value::Object(m) => self.map(m, vis),
        };
        self.done(r)
    }

    scalar! {
        deserialize_bool deserialize_char deserialize_str deserialize_string deserialize_unit
        deserialize_identifier
    }

    number! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, vis: V) -> Result<V::Value, Error> {
        let r = match self.v {
            Value::String(s) => vis.visit_borrowed_str(s),
            Value::Array(a) => self.seq(a, vis),
            v => Err(de::Error::invalid_type(unexpected(v), &vis)),
        };
        self.done(r)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, vis: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(vis)
    }

    #[inline(never)]
    fn deserialize_option<V: Visitor<'de>>(self, vis: V) -> Result<V::Value, Error> {
        let r = match self.v {
            Value::Null => vis.visit_none(),
            _ => vis.visit_some(self),
        };
        self.done(r)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        vis: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(vis)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        vis: V,
    ) -> Result<V::Value, Error> {
        let r = vis.visit_newtype_struct(self);
        self.done(r)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, vis: V) -> Result<V::Value, Error> {
        let r = match self.v {
            Value::Array(a) => self.seq(a, vis),
            v => Err(de::Error::invalid_type(unexpected(v), &vis)),
        };
        self.done(r)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, vis: V) -> Result<V::Value, Error> {
        self.deserialize_seq(vis)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        vis: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(vis)
    }

    fn deserialize_map<V: Visitor<'de>>(self, vis: V) -> Result<V::Value, Error> {
        let r = match self.v {
            Value::Object(m) => self.map(m, vis),
            Value::Array(_) => Err(not_an_object()),
            v => Err(de::Error::invalid_type(unexpected(v), &vis)),
        };
        self.done(r)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        vis: V,
    ) -> Result<V::Value, Error> {
        if name == TAGGED {
            let r = self.tagged(fields[1], vis);
            return self.done(r);
        }
        // Never from an array: see the module documentation.
        let r = match self.v {
            Value::Object(m) => self.map(m, vis),
            Value::Array(_) => Err(not_an_object()),
            v => Err(de::Error::invalid_type(unexpected(v), &vis)),
        };
        self.done(r)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        vis: V,
    ) -> Result<V::Value, Error> {
        // Externally tagged enums are unit variants (strings) here; `{"variant": …}` is left to
        // serde_json.
        let r = match self.v {
            Value::String(s) => vis.visit_enum(BorrowedStrDeserializer::new(s)),
            Value::Object(m) => m.deserialize_enum(name, variants, vis),
            v => Err(de::Error::invalid_type(unexpected(v), &"string or map")),
        };
        self.done(r)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, vis: V) -> Result<V::Value, Error> {
        vis.visit_unit()
    }
}

struct MapAcc<'de, 'c> {
    it: serde_json::map::Iter<'de>,
    /// A key left out (the tag of an internally tagged enum, read before).
    skip: Option<&'static str>,
    value: Option<(&'de str, &'de Value)>,
    chain: &'c Chain<'c>,
    track: &'c Track,
}

// The parts of the accesses that do not depend on the value read, in functions of their own: the
// generic methods are compiled once per type read (and the reader of each struct once per struct).
impl<'de> MapAcc<'de, '_> {
    /// The next entry's key, its value kept for `take_value`.
    #[inline(never)]
    fn next_entry(&mut self) -> Option<&'de str> {
        let skip = self.skip;
        let (key, value) = self.it.find(|(k, _)| Some(k.as_str()) != skip)?;
        self.value = Some((key, value));
        Some(key)
    }

    #[inline(never)]
    fn take_value(&mut self) -> Result<(&'de str, &'de Value), Error> {
        self.value
            .take()
            .ok_or_else(|| de::Error::custom("value is missing"))
    }

    /// After the visitor: an entry it left unread is an error.
    #[inline(never)]
    fn end(&mut self, len: usize) -> Result<(), Error> {
        let skip = self.skip;
        if self.it.any(|(k, _)| Some(k.as_str()) != skip) {
            return Err(de::Error::invalid_length(len, &"fewer elements in map"));
        }
        Ok(())
    }
}

#[inline(never)]
fn fewer_elements(len: usize) -> Error {
    de::Error::invalid_length(len, &"fewer elements in array")
}

impl<'de> de::MapAccess<'de> for MapAcc<'de, '_> {
    type Error = Error;

    #[inline(never)]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(key) = self.next_entry() else {
            return Ok(None);
        };
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
            .map_err(|e| self.track.fail(&Chain::Key(self.chain, key), e))
    }

    #[inline(never)]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let (key, v) = self.take_value()?;
        // An error raised after the value was read (an enum that reads its content first) is the
        // value's too.
        let chain = Chain::Key(self.chain, key);
        seed.deserialize(De {
            v,
            chain: &chain,
            track: self.track,
        })
        .map_err(|e| self.track.fail(&chain, e))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.it.len())
    }
}

struct SeqAcc<'de, 'c> {
    it: std::slice::Iter<'de, Value>,
    index: usize,
    chain: &'c Chain<'c>,
    track: &'c Track,
}

impl<'de> de::SeqAccess<'de> for SeqAcc<'de, '_> {
    type Error = Error;

    #[inline(never)]
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some(v) = self.it.next() else {
            return Ok(None);
        };
        let chain = Chain::Index(self.chain, self.index);
        self.index += 1;
        seed.deserialize(De {
            v,
            chain: &chain,
            track: self.track,
        })
        .map(Some)
        .map_err(|e| self.track.fail(&chain, e))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.it.len())
    }
}

// ---------------------------------------------------------------------------------------------
// Internally tagged enums

/// The `deserialize_struct` name by which an internally tagged enum's reader asks [`De`] for the
/// variant named by the tag field, then the other fields (its `fields` are the enum's name and the
/// tag's).
const TAGGED: &str = "\0parindex:tagged";

/// The object of an internally tagged enum, as an enum: the variant is the tag's value, a struct
/// variant's fields are the other entries, read in place (so that errors keep their paths).
struct Tagged<'de, 'c> {
    de: De<'de, 'c>,
    m: &'de Map<String, Value>,
    tag: &'static str,
}

impl<'de, 'c> de::EnumAccess<'de> for Tagged<'de, 'c> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let Some(t) = self.m.get(self.tag) else {
            return Err(de::Error::missing_field(self.tag));
        };
        let chain = Chain::Key(self.de.chain, self.tag);
        let variant = seed
            .deserialize(De {
                v: t,
                chain: &chain,
                track: self.de.track,
            })
            .map_err(|e| self.de.track.fail(&chain, e))?;
        Ok((variant, self))
    }
}

impl<'de, 'c> de::VariantAccess<'de> for Tagged<'de, 'c> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.m.keys().find(|k| *k != self.tag) {
            None => Ok(()),
            Some(k) => Err(self.de.track.fail(
                &Chain::Key(self.de.chain, k),
                de::Error::unknown_field(k, &[]),
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        vis: V,
    ) -> Result<V::Value, Error> {
        self.de.map_without(self.m, Some(self.tag), vis)
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _seed: S) -> Result<S::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::Map,
            &"a unit or struct variant",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _vis: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            Unexpected::Map,
            &"a unit or struct variant",
        ))
    }
}

/// Reads an internally tagged enum through `W`, the same variants tagged externally (as
/// [`tagged_enum!`](super::tagged_enum!) declares them). `meta` is the enum's name and its tag
/// field.
///
/// From a JSON tree ([`from_value`], which every reader of the engine uses) the variants are read
/// in place. Any other deserializer gets the object read as a tree first, as serde does for its
/// own internally tagged enums.
pub(crate) fn tagged<'de, D, W>(d: D, meta: &'static [&'static str]) -> Result<W, D::Error>
where
    D: de::Deserializer<'de>,
    W: DeserializeOwned,
{
    d.deserialize_struct(TAGGED, meta, TaggedVisitor(meta, PhantomData))
}

struct TaggedVisitor<W>(&'static [&'static str], PhantomData<W>);

impl<'de, W: DeserializeOwned> Visitor<'de> for TaggedVisitor<W> {
    type Value = W;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "internally tagged enum {}", self.0[0])
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<W, A::Error> {
        W::deserialize(EnumAccessDeserializer::new(data))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<W, A::Error> {
        let mut m = Map::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            m.insert(k, v);
        }
        let v = Value::Object(m);
        let track = Track(Cell::new(None));
        De {
            v: &v,
            chain: &Chain::Root,
            track: &track,
        }
        .tagged(self.0[1], self)
        .map_err(|e| match track.0.take() {
            Some((path, _)) if path != "." => de::Error::custom(format_args!("{e} at `{path}`")),
            _ => de::Error::custom(e),
        })
    }
}
