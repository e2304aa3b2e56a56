//! Reading typed values out of a parsed JSON tree, with the path of the first problem.
//!
//! [`from_value`] deserialises a `T` from a `&serde_json::Value` and, when that fails, tells where:
//! the path of the innermost value the error passed through (`nodes[2].rule.bands[1].min`), in the
//! dotted form `serde_path_to_error` renders (callers turn it into a JSON path). It reads exactly as
//! serde_json's `&Value` deserializer does (the same values, the same error messages); numbers,
//! strings, booleans and null are handed to serde_json, objects and arrays are walked here.
//!
//! Every type read from a tree goes through this one deserializer, whether or not the caller wants
//! the path (the path costs nothing until an error happens): each `Deserialize` impl is compiled
//! once for trees, which keeps the WebAssembly build small. The generic pieces every value passes
//! through (the accesses' readers of a key or value, `map_without`, `seq`, `number`,
//! `deserialize_option`) are kept out of line: compiled once per type read rather than inlined
//! into every field's reader, they left the gzipped module 7.1 KB smaller (2026-12-06).
//!
//! Where an object is expected (a struct, a map, an internally tagged enum), only an object is read:
//! serde would also read a struct from an array of its fields' values in order (`["so_noi_vu", "Sở
//! Nội vụ", "department"]` as a unit), a form no input of the engine is documented to take. An array
//! there is refused (`input.not_an_object` once made an issue). `from_str_objects` reads JSON text
//! into typed values the same way (feature `fast-text`).
//!
//! The engine's own objects (the rule set, units and items, dossiers, acts) are read by
//! [`from_tree`] through tables of their fields ([`FromTree`], declared by [`tree_struct!`] and
//! [`tagged_enum!`]): one walker reads every object, each field by its type's reader, where
//! serde's derive compiles a `visit_map` (its loop, key matching, missing-field checks and drop
//! code) for every struct. The same messages and paths; the module 17,765 bytes smaller gzipped
//! (293,785 -> 276,020, npm .wasm, gzip -9, 2026-12-07). Their `Deserialize` stays, for JSON text.
//!
//! Measured against `serde_path_to_error` 0.1.20 over serde_json's `&Value` deserializer in place
//! of [`from_value`] (2026-12-06, npm .wasm, gzip -9): 324,675 bytes against 268,658 with this
//! reader, and arrays read as structs, paths inside tagged rules and big-integer decimals lost.

use crate::error::Issue;
use serde::de::{
    self, value::BorrowedStrDeserializer, value::EnumAccessDeserializer, DeserializeOwned,
    DeserializeSeed, Unexpected, Visitor,
};
use serde::Deserialize;
use serde_json::{Error, Map, Value};
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

/// Where the value being read sits in the tree: a linked list up to the root, on the stack.
#[derive(Clone, Copy)]
enum Chain<'c> {
    Root,
    Key(&'c Chain<'c>, &'c str),
    Index(&'c Chain<'c>, usize),
}

impl Chain<'_> {
    /// `a.b[0].c`; `.` for the root (as `serde_path_to_error::Path` displays).
    fn render(&self) -> String {
        let mut segments = Vec::new();
        let mut c = self;
        loop {
            match c {
                Chain::Root => break,
                Chain::Key(parent, key) => {
                    segments.push(Err(*key));
                    c = parent;
                }
                Chain::Index(parent, i) => {
                    segments.push(Ok(*i));
                    c = parent;
                }
            }
        }
        if segments.is_empty() {
            return ".".to_string();
        }
        let mut out = String::new();
        for (n, s) in segments.iter().rev().enumerate() {
            match s {
                Ok(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Err(key) => {
                    if n > 0 {
                        out.push('.');
                    }
                    out.push_str(key);
                }
            }
        }
        out
    }
}

impl Chain<'_> {
    /// The path below the root as a JSON path (`.nodes[2].rule`, `.items["1.1"]`): keys written
    /// as [`crate::error::key_path`] writes them, so that a key with a dot stays one key. Empty for
    /// the root.
    fn render_json(&self) -> String {
        match self {
            Chain::Root => String::new(),
            Chain::Key(parent, key) => {
                let mut out = parent.render_json();
                crate::error::push_key(&mut out, key);
                out
            }
            Chain::Index(parent, i) => format!("{}[{i}]", parent.render_json()),
        }
    }
}

/// The path of the first error (dotted, and as a JSON path), set by the innermost value it passed
/// through.
struct Track(Cell<Option<(String, String)>>);

impl Track {
    fn fail(&self, chain: &Chain, e: Error) -> Error {
        let path = (self.0.take()).unwrap_or_else(|| (chain.render(), chain.render_json()));
        self.0.set(Some(path));
        e
    }
}

pub(crate) use super::serde_text::NOT_AN_OBJECT;

fn not_an_object() -> Error {
    de::Error::custom(NOT_AN_OBJECT)
}

/// A deserialisation error and the path of the value it concerns.
#[derive(Debug)]
pub struct PathError {
    /// Dotted path from the root (`levels[0].nodes[3].rule`), `.` for the root itself.
    pub path: String,
    /// The same path as a JSON path below the root (`.levels[0].nodes[3].rule`,
    /// `.items["1.1"]`), empty for the root itself: unlike the dotted path, a key with a dot in it
    /// stays one key.
    pub json_path: String,
    /// serde_json's error (its message names the problem).
    pub inner: Error,
}

/// Turn a serde error with its path into an issue, with a code that tells unknown fields and kinds
/// from other shape problems; the code without its family (`invalid_type`, the caller adds
/// `input.` or `ruleset.`).
pub(crate) fn from_serde(base: &str, err: PathError) -> Issue {
    let path = format!("{base}{}", err.json_path);
    let mut issue = crate::support::serde_text::serde_issue("input", path, &err.inner.to_string());
    issue.code.drain(.."input.".len());
    issue
}

/// Deserialise a `T` from a JSON tree; on failure, also say where.
pub fn from_value<'de, T: Deserialize<'de>>(v: &'de Value) -> Result<T, PathError> {
    let track = Track(Cell::new(None));
    T::deserialize(De {
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
    v: &'de Value,
    chain: &'c Chain<'c>,
    track: &'c Track,
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

    fn done<T>(self, r: Result<T, Error>) -> Result<T, Error> {
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
fn unexpected(v: &Value) -> Unexpected<'_> {
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
/// [`tagged_enum!`] declares them). `meta` is the enum's name and its tag field.
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

/// Declares an internally tagged enum of unit and struct variants: written (derive `Serialize`
/// and `JsonSchema` as usual) as `{"<tag>": "<variant>", …fields}` in snake_case, with unknown
/// fields refused; read through [`tagged`], so that a rule set's or a dossier's tagged values are
/// read in place (with the path of each problem) rather than buffered first.
macro_rules! tagged_enum {
    (
        tag = $tag:literal;
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident $({
                    $( $(#[$($fmeta:tt)*])* $field:ident : $fty:ty ),* $(,)?
                })?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[serde(tag = $tag, rename_all = "snake_case", deny_unknown_fields)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant $({ $( $(#[$($fmeta)*])* $field : $fty ),* })? ),*
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // The same variants, tagged externally: `crate::de::tagged` hands them the tag's
                // value as the variant.
                #[derive(serde::Deserialize)]
                #[serde(rename_all = "snake_case", deny_unknown_fields)]
                enum Wire {
                    $( $(#[$vmeta])* $variant $({ $( $(#[$($fmeta)*])* $field : $fty ),* })? ),*
                }
                const META: &[&str] = &[stringify!($name), $tag];
                Ok(match crate::de::tagged::<D, Wire>(d, META)? {
                    $( Wire::$variant $({ $($field),* })? => $name::$variant $({ $($field),* })? ),*
                })
            }
        }

        impl crate::de::FromTree for $name {
            #[inline(never)]
            fn from_tree(de: crate::de::De<'_, '_>) -> Result<Self, serde_json::Error> {
                // The variants' names, read as serde reads the tag.
                #[derive(serde::Deserialize)]
                #[serde(rename_all = "snake_case", variant_identifier)]
                enum Tag {
                    $( $(#[$vmeta])* $variant ),*
                }
                let r = de
                    .variant::<Tag>(stringify!($name), $tag)
                    .and_then(|(m, t)| {
                        Ok(match t {
                            $(
                                Tag::$variant => crate::de::__variant!(
                                    de, m, $tag, $name::$variant
                                    $({ $( $field : $fty [$([$($fmeta)*])*] ),* })?
                                ),
                            )*
                        })
                    });
                de.finish(r)
            }
        }
    };
}
pub(crate) use tagged_enum;

/// A variant of a [`tagged_enum!`] read from its object `m`, by the table of its fields.
macro_rules! __variant {
    ($de:ident, $m:ident, $tag:literal, $path:path) => {{
        $de.unit_variant($m, $tag)?;
        $path
    }};
    ($de:ident, $m:ident, $tag:literal, $path:path {
        $( $field:ident : $fty:ty [$($fmeta:tt)*] ),*
    }) => {{
        const FIELDS: &[&str] = &[$(stringify!($field)),*];
        $(
            let mut $field = <crate::de::Field<$fty, crate::de::__reader!($($fmeta)*)>>::new(
                crate::de::__default!($($fmeta)*),
            );
        )*
        $de.fields(
            $m,
            Some($tag),
            FIELDS,
            true,
            &mut [$(&mut $field as &mut dyn crate::de::Slot),*],
        )?;
        $path {
            $( $field: $field.value(), )*
        }
    }};
}
pub(crate) use __variant;

// ---------------------------------------------------------------------------------------------
// Table-driven readers

/// A type read from a JSON tree by `from_tree`. The engine's own objects implement it through
/// `tree_struct!` and `tagged_enum!`: one reader walks every object by a table of its fields
/// (their names and a reader for each) instead of a `visit_map` compiled for each type, which
/// keeps the WebAssembly build small. Other values are read by their `Deserialize` (`leaf!`).
/// Messages and paths are serde's, as `from_value` gives them.
pub trait FromTree: Sized {
    fn from_tree(de: De<'_, '_>) -> Result<Self, Error>;

    /// The value of a field left out of its object (without `#[serde(default)]`).
    fn missing(field: &'static str) -> Result<Self, Error> {
        Err(de::Error::missing_field(field))
    }
}

/// [`from_value`] for a [`FromTree`] type.
pub(crate) fn from_tree<T: FromTree>(v: &Value) -> Result<T, PathError> {
    let track = Track(Cell::new(None));
    T::from_tree(De {
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

/// Types read by their `Deserialize` (strings, numbers, unit enums…).
macro_rules! leaf {
    ($($ty:ty),* $(,)?) => {$(
        impl crate::de::FromTree for $ty {
            fn from_tree(de: crate::de::De<'_, '_>) -> Result<Self, serde_json::Error> {
                <$ty as serde::Deserialize>::deserialize(de)
            }
        }
    )*};
}
pub(crate) use leaf;

leaf!(
    String,
    bool,
    u8,
    u16,
    u32,
    u64,
    usize,
    i32,
    i64,
    rust_decimal::Decimal,
    Value
);
leaf!(crate::decimal::RoundingMode);

impl<T: FromTree> FromTree for Option<T> {
    fn from_tree(de: De<'_, '_>) -> Result<Self, Error> {
        match de.v {
            Value::Null => Ok(None),
            _ => T::from_tree(de).map(Some),
        }
    }

    fn missing(_: &'static str) -> Result<Self, Error> {
        Ok(None)
    }
}

impl<T: FromTree> FromTree for Box<T> {
    fn from_tree(de: De<'_, '_>) -> Result<Self, Error> {
        T::from_tree(de).map(Box::new)
    }
}

impl<T: FromTree> FromTree for Vec<T> {
    fn from_tree(de: De<'_, '_>) -> Result<Self, Error> {
        let a = de.array()?;
        let mut out = Vec::with_capacity(a.len());
        for (i, v) in a.iter().enumerate() {
            let chain = Chain::Index(de.chain, i);
            let item = T::from_tree(De {
                v,
                chain: &chain,
                track: de.track,
            });
            out.push(item.map_err(|e| de.track.fail(&chain, e))?);
        }
        Ok(out)
    }
}

impl<T: FromTree> FromTree for std::collections::BTreeMap<String, T> {
    fn from_tree(de: De<'_, '_>) -> Result<Self, Error> {
        let mut out = std::collections::BTreeMap::new();
        de.entries("a map", |k, v| {
            out.insert(k.to_string(), v);
        })?;
        Ok(out)
    }
}

impl De<'_, '_> {
    /// The entries of an object (`expected` names it for other values), each value read as a
    /// `T` at its own path.
    pub(crate) fn entries<T: FromTree>(
        self,
        expected: &str,
        mut put: impl FnMut(&str, T),
    ) -> Result<(), Error> {
        let m = self.object_of(expected)?;
        for (k, v) in m {
            let chain = Chain::Key(self.chain, k);
            let item = T::from_tree(De {
                v,
                chain: &chain,
                track: self.track,
            });
            put(k, item.map_err(|e| self.track.fail(&chain, e))?);
        }
        Ok(())
    }
}

/// How a field is read: [`Plain`] (its type's [`FromTree`]) or a `deserialize_with` function.
pub(crate) trait Reader<F> {
    fn read(de: De<'_, '_>) -> Result<F, Error>;

    fn missing(field: &'static str) -> Result<F, Error> {
        Err(de::Error::missing_field(field))
    }
}

pub(crate) struct Plain;

impl<F: FromTree> Reader<F> for Plain {
    fn read(de: De<'_, '_>) -> Result<F, Error> {
        F::from_tree(de)
    }

    fn missing(field: &'static str) -> Result<F, Error> {
        F::missing(field)
    }
}

/// `deserialize_with` functions, as [`Reader`]s.
macro_rules! readers {
    ($($name:ident: $ty:ty = $f:path;)*) => {$(
        pub(crate) struct $name;

        impl Reader<$ty> for $name {
            fn read(de: De<'_, '_>) -> Result<$ty, Error> {
                $f(de)
            }
        }
    )*};
}

readers! {
    Exact: rust_decimal::Decimal = crate::decimal::exact;
    ExactOpt: Option<rust_decimal::Decimal> = crate::decimal::exact_opt;
    ExactMap: std::collections::BTreeMap<String, rust_decimal::Decimal> = crate::decimal::exact_map;
}

/// A field being read: its value once read, and its default (`None`: the field is required,
/// unless its type reads a missing value, as `Option` does).
pub(crate) struct Field<F, R> {
    value: Option<F>,
    default: Option<fn() -> F>,
    reader: PhantomData<R>,
}

impl<F, R> Field<F, R> {
    pub(crate) fn new(default: Option<fn() -> F>) -> Self {
        Field {
            value: None,
            default,
            reader: PhantomData,
        }
    }

    /// The value, once [`Slot::settle`] has given every field one.
    #[inline(never)]
    pub(crate) fn value(self) -> F {
        self.value
            .expect("every field is settled before the value is built")
    }
}

/// A field of the table the walker fills.
pub(crate) trait Slot {
    fn read(&mut self, de: De<'_, '_>) -> Result<(), Error>;

    /// After the object: a field left out takes its default, or is reported missing.
    fn settle(&mut self, name: &'static str) -> Result<(), Error>;
}

// A field is read at most once (an object's keys are unique) and settled only when it was not:
// its value is set where there was none, so no value is dropped there (`mem::forget` of the
// `None` replaced leaves out the drop code of every field type).
impl<F, R: Reader<F>> Slot for Field<F, R> {
    fn read(&mut self, de: De<'_, '_>) -> Result<(), Error> {
        std::mem::forget(self.value.replace(R::read(de)?));
        Ok(())
    }

    fn settle(&mut self, name: &'static str) -> Result<(), Error> {
        if self.value.is_none() {
            let v = match self.default {
                Some(d) => d(),
                None => R::missing(name)?,
            };
            std::mem::forget(self.value.replace(v));
        }
        Ok(())
    }
}

impl<'de> De<'de, '_> {
    /// The value as an array (serde's "a sequence" otherwise).
    #[inline(never)]
    fn array(self) -> Result<&'de [Value], Error> {
        match self.v {
            Value::Array(a) => Ok(a),
            v => Err(self.track.fail(
                self.chain,
                de::Error::invalid_type(unexpected(v), &"a sequence"),
            )),
        }
    }

    /// The value as an object, never an array (see the module documentation); `expected` names
    /// what was expected for other values.
    #[inline(never)]
    pub(crate) fn object_of(self, expected: &str) -> Result<&'de Map<String, Value>, Error> {
        match self.v {
            Value::Object(m) => Ok(m),
            Value::Array(_) => Err(self.track.fail(self.chain, not_an_object())),
            v => Err(self.track.fail(
                self.chain,
                de::Error::invalid_type(unexpected(v), &expected),
            )),
        }
    }

    /// Reads the struct `name` into `slots` by the names of its `fields` (all but `skip`):
    /// serde's derived reader, walking the object in its order, a key not in `fields` refused
    /// when `deny` (else ignored), then the fields left out ([`Slot::settle`]).
    #[inline(never)]
    pub(crate) fn fields(
        self,
        m: &'de Map<String, Value>,
        skip: Option<&str>,
        fields: &'static [&'static str],
        deny: bool,
        slots: &mut [&mut dyn Slot],
    ) -> Result<(), Error> {
        for (k, v) in m {
            if Some(k.as_str()) == skip {
                continue;
            }
            let chain = Chain::Key(self.chain, k);
            let Some(i) = fields.iter().position(|f| f == k) else {
                if deny {
                    return Err(self.track.fail(&chain, de::Error::unknown_field(k, fields)));
                }
                continue;
            };
            let de = De {
                v,
                chain: &chain,
                track: self.track,
            };
            slots[i].read(de).map_err(|e| self.track.fail(&chain, e))?;
        }
        // Missing fields in the order of their declaration, as serde reports them.
        for (i, slot) in slots.iter_mut().enumerate() {
            slot.settle(fields.get(i).unwrap_or(&""))?;
        }
        Ok(())
    }

    /// The object of the struct `name`, its fields read into `slots` ([`Self::fields`]).
    #[inline(never)]
    pub(crate) fn struct_fields(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        deny: bool,
        slots: &mut [&mut dyn Slot],
    ) -> Result<(), Error> {
        let m = match self.v {
            Value::Object(m) => m,
            Value::Array(_) => return Err(not_an_object()),
            v => {
                return Err(de::Error::invalid_type(
                    unexpected(v),
                    &format!("struct {name}").as_str(),
                ))
            }
        };
        self.fields(m, None, fields, deny, slots)
    }

    /// The object of an internally tagged enum and the variant its `tag` names (read by
    /// `Tag`'s `Deserialize`, a variant identifier).
    pub(crate) fn variant<Tag: DeserializeOwned>(
        self,
        name: &'static str,
        tag: &'static str,
    ) -> Result<(&'de Map<String, Value>, Tag), Error> {
        let m = self.tagged_object(name)?;
        let Some(t) = m.get(tag) else {
            return Err(de::Error::missing_field(tag));
        };
        let chain = Chain::Key(self.chain, tag);
        let variant = Tag::deserialize(De {
            v: t,
            chain: &chain,
            track: self.track,
        })
        .map_err(|e| self.track.fail(&chain, e))?;
        Ok((m, variant))
    }

    #[inline(never)]
    fn tagged_object(self, name: &'static str) -> Result<&'de Map<String, Value>, Error> {
        match self.v {
            Value::Object(m) => Ok(m),
            Value::Array(_) => Err(not_an_object()),
            v => Err(de::Error::invalid_type(
                unexpected(v),
                &format!("internally tagged enum {name}").as_str(),
            )),
        }
    }

    /// A unit variant: no field but the tag.
    #[inline(never)]
    pub(crate) fn unit_variant(self, m: &Map<String, Value>, tag: &str) -> Result<(), Error> {
        match m.keys().find(|k| *k != tag) {
            None => Ok(()),
            Some(k) => Err(self
                .track
                .fail(&Chain::Key(self.chain, k), de::Error::unknown_field(k, &[]))),
        }
    }

    /// The result of a reader, failed at this value unless a value below failed first.
    pub(crate) fn finish<T>(self, r: Result<T, Error>) -> Result<T, Error> {
        self.done(r)
    }
}

/// Declares a struct read from a JSON tree by a table of its fields ([`FromTree`]), as serde's
/// derive reads it: the field attributes `#[serde(default)]`, `#[serde(default = "yes")]` and
/// `#[serde(deserialize_with = "crate::decimal::exact…")]` and the struct's
/// `#[serde(deny_unknown_fields)]` are understood (others refused at compile time). The struct
/// still derives what it lists (its `Deserialize` reads other formats, such as JSON text).
macro_rules! tree_struct {
    (
        $(#[$($meta:tt)*])*
        $vis:vis struct $name:ident {
            $(
                $(#[$($fmeta:tt)*])*
                $fvis:vis $field:ident : $fty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$($meta)*])*
        $vis struct $name {
            $( $(#[$($fmeta)*])* $fvis $field : $fty ),*
        }

        impl crate::de::FromTree for $name {
            #[inline(never)]
            fn from_tree(de: crate::de::De<'_, '_>) -> Result<Self, serde_json::Error> {
                // The fields read (a field skipped comes after them).
                const ALL: &[&str] = &[$(crate::de::__name!($field; $([$($fmeta)*])*)),*];
                const READ: usize = 0 $(+ !crate::de::__skip!($([$($fmeta)*])*) as usize)*;
                const FIELDS: &[&str] = ALL.split_at(READ).0;
                $(
                    let mut $field = <crate::de::Field<
                        $fty,
                        crate::de::__reader!($([$($fmeta)*])*),
                    >>::new(crate::de::__default!($([$($fmeta)*])*));
                )*
                let r = de.struct_fields(
                    stringify!($name),
                    FIELDS,
                    crate::de::__deny!($([$($meta)*])*),
                    &mut [$(&mut $field as &mut dyn crate::de::Slot),*],
                );
                de.finish(r)?;
                Ok($name {
                    $( $field: $field.value(), )*
                })
            }
        }
    };
}
pub(crate) use tree_struct;

/// Whether a struct's attributes hold `#[serde(deny_unknown_fields)]`.
macro_rules! __deny {
    () => { false };
    ([serde(deny_unknown_fields)] $($rest:tt)*) => { true };
    ([serde($($a:tt)*)] $($rest:tt)*) => {
        compile_error!(concat!("tree_struct!: unsupported ", stringify!(serde($($a)*))))
    };
    ([$($x:tt)*] $($rest:tt)*) => { crate::de::__deny!($($rest)*) };
}
pub(crate) use __deny;

/// The [`Reader`] a field's attributes ask for.
macro_rules! __reader {
    (@in [$($rest:tt)*] deserialize_with = "crate::decimal::exact" $($t:tt)*) => {
        crate::de::Exact
    };
    (@in [$($rest:tt)*] deserialize_with = "crate::decimal::exact_opt" $($t:tt)*) => {
        crate::de::ExactOpt
    };
    (@in [$($rest:tt)*] deserialize_with = "crate::decimal::exact_map" $($t:tt)*) => {
        crate::de::ExactMap
    };
    (@in [$($rest:tt)*] deserialize_with $($t:tt)*) => {
        compile_error!("tree_struct!: unknown deserialize_with")
    };
    // (The workflow's date-times: `serde_time` where the field is declared.)
    (@in [$($rest:tt)*] with = "serde_time" $($t:tt)*) => { serde_time::Time };
    (@in [$($rest:tt)*] with = "serde_time::option" $($t:tt)*) => { serde_time::option::Time };
    (@in [$($rest:tt)*] with $($t:tt)*) => { compile_error!("tree_struct!: unknown with") };
    (@in [$($rest:tt)*] alias $($t:tt)*) => { compile_error!("tree_struct!: unsupported alias") };
    (@in [$($rest:tt)*] flatten $($t:tt)*) => { compile_error!("tree_struct!: unsupported flatten") };
    (@in [$($rest:tt)*] skip_deserializing $($t:tt)*) => {
        compile_error!("tree_struct!: unsupported skip_deserializing")
    };
    (@in [$($rest:tt)*] $t:tt $($more:tt)*) => { crate::de::__reader!(@in [$($rest)*] $($more)*) };
    (@in [$($rest:tt)*]) => { crate::de::__reader!($($rest)*) };
    () => { crate::de::Plain };
    ([serde($($a:tt)*)] $($rest:tt)*) => { crate::de::__reader!(@in [$($rest)*] $($a)*) };
    ([$($x:tt)*] $($rest:tt)*) => { crate::de::__reader!($($rest)*) };
}
pub(crate) use __reader;

/// The default of a field its attributes give (`None`: the field is required, unless its type
/// reads a missing value, as `Option` does).
macro_rules! __default {
    (@in [$($rest:tt)*] default = "yes" $($t:tt)*) => { Some(yes) };
    (@in [$($rest:tt)*] default = $f:literal $($t:tt)*) => {
        compile_error!("tree_struct!: unknown default function")
    };
    (@in [$($rest:tt)*] default $($t:tt)*) => { Some(Default::default) };
    (@in [$($rest:tt)*] skip $($t:tt)*) => { Some(Default::default) };
    (@in [$($rest:tt)*] $t:tt $($more:tt)*) => { crate::de::__default!(@in [$($rest)*] $($more)*) };
    (@in [$($rest:tt)*]) => { crate::de::__default!($($rest)*) };
    () => { None };
    ([serde($($a:tt)*)] $($rest:tt)*) => { crate::de::__default!(@in [$($rest)*] $($a)*) };
    ([$($x:tt)*] $($rest:tt)*) => { crate::de::__default!($($rest)*) };
}
pub(crate) use __default;

/// The name of a field in JSON (its `rename`, or its own).
macro_rules! __name {
    ($field:ident; @in [$($rest:tt)*] rename = $name:literal $($t:tt)*) => { $name };
    ($field:ident; @in [$($rest:tt)*] $t:tt $($more:tt)*) => {
        crate::de::__name!($field; @in [$($rest)*] $($more)*)
    };
    ($field:ident; @in [$($rest:tt)*]) => { crate::de::__name!($field; $($rest)*) };
    ($field:ident;) => { stringify!($field) };
    ($field:ident; [serde($($a:tt)*)] $($rest:tt)*) => {
        crate::de::__name!($field; @in [$($rest)*] $($a)*)
    };
    ($field:ident; [$($x:tt)*] $($rest:tt)*) => { crate::de::__name!($field; $($rest)*) };
}
pub(crate) use __name;

/// Whether a field is `#[serde(skip)]` (not read: its default).
macro_rules! __skip {
    (@in [$($rest:tt)*] skip $($t:tt)*) => { true };
    (@in [$($rest:tt)*] $t:tt $($more:tt)*) => { crate::de::__skip!(@in [$($rest)*] $($more)*) };
    (@in [$($rest:tt)*]) => { crate::de::__skip!($($rest)*) };
    () => { false };
    ([serde($($a:tt)*)] $($rest:tt)*) => { crate::de::__skip!(@in [$($rest)*] $($a)*) };
    ([$($x:tt)*] $($rest:tt)*) => { crate::de::__skip!($($rest)*) };
}
pub(crate) use __skip;

// ---------------------------------------------------------------------------------------------
// Typed reading of JSON text, objects only

/// Reads `T` from JSON text as serde_json does, except that a struct is read only from an object:
/// serde_json also reads one from an array of its fields' values (see the module documentation).
/// Every value below is read the same way, so a unit, its items, components and adjustments, and
/// the batch around them must all be objects. For the typed readers of feature `fast-text`; a
/// failure sends the caller to the tree, which names the problem.
#[cfg(feature = "fast-text")]
pub(crate) fn from_str_objects<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut d = serde_json::Deserializer::from_str(text);
    let v = T::deserialize(objects::Objects(&mut d))?;
    d.end()?;
    Ok(v)
}

/// [`Objects`](objects::Objects): a deserializer that passes everything to the one it wraps, itself
/// wrapping every value below, but asks for a map where a struct is asked for.
#[cfg(feature = "fast-text")]
mod objects {
    use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
    use std::fmt;

    pub(super) struct Objects<D>(pub(super) D);

    /// The visitor, accesses and seeds of the values below, wrapped in turn.
    struct Wrap<T>(T);

    macro_rules! forward {
        ($($method:ident)*) => {$(
            fn $method<V: Visitor<'de>>(self, vis: V) -> Result<V::Value, D::Error> {
                self.0.$method(Wrap(vis))
            }
        )*};
    }

    impl<'de, D: Deserializer<'de>> Deserializer<'de> for Objects<D> {
        type Error = D::Error;

        forward! {
            deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
            deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
            deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
            deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
            deserialize_option deserialize_unit deserialize_seq deserialize_map
            deserialize_identifier deserialize_ignored_any
        }

        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            vis: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_unit_struct(name, Wrap(vis))
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            vis: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_newtype_struct(name, Wrap(vis))
        }

        fn deserialize_tuple<V: Visitor<'de>>(
            self,
            len: usize,
            vis: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_tuple(len, Wrap(vis))
        }

        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            len: usize,
            vis: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_tuple_struct(name, len, Wrap(vis))
        }

        /// A struct from a map only.
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _fields: &'static [&'static str],
            vis: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_map(Wrap(vis))
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            name: &'static str,
            variants: &'static [&'static str],
            vis: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_enum(name, variants, Wrap(vis))
        }

        fn is_human_readable(&self) -> bool {
            self.0.is_human_readable()
        }
    }

    macro_rules! visit {
        ($($method:ident: $ty:ty)*) => {$(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.0.$method(v)
            }
        )*};
    }

    impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
        type Value = V::Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            self.0.expecting(f)
        }

        visit! {
            visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64
            visit_i128: i128 visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64
            visit_u128: u128 visit_f32: f32 visit_f64: f64 visit_char: char visit_str: &str
            visit_borrowed_str: &'de str visit_string: String visit_bytes: &[u8]
            visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
        }

        fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
            self.0.visit_none()
        }

        fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
            self.0.visit_unit()
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.0.visit_some(Objects(d))
        }

        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.0.visit_newtype_struct(Objects(d))
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
            self.0.visit_seq(Wrap(seq))
        }

        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.0.visit_map(Wrap(map))
        }

        fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
            self.0.visit_enum(Wrap(data))
        }
    }

    impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Wrap<S> {
        type Value = S::Value;

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
            self.0.deserialize(Objects(d))
        }
    }

    impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Wrap<A> {
        type Error = A::Error;

        fn next_element_seed<S: DeserializeSeed<'de>>(
            &mut self,
            seed: S,
        ) -> Result<Option<S::Value>, A::Error> {
            self.0.next_element_seed(Wrap(seed))
        }

        fn size_hint(&self) -> Option<usize> {
            self.0.size_hint()
        }
    }

    impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Wrap<A> {
        type Error = A::Error;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, A::Error> {
            self.0.next_key_seed(Wrap(seed))
        }

        fn next_value_seed<S: DeserializeSeed<'de>>(
            &mut self,
            seed: S,
        ) -> Result<S::Value, A::Error> {
            self.0.next_value_seed(Wrap(seed))
        }

        fn size_hint(&self) -> Option<usize> {
            self.0.size_hint()
        }
    }

    impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Wrap<A> {
        type Error = A::Error;
        type Variant = Wrap<A::Variant>;

        fn variant_seed<S: DeserializeSeed<'de>>(
            self,
            seed: S,
        ) -> Result<(S::Value, Self::Variant), A::Error> {
            let (v, variant) = self.0.variant_seed(Wrap(seed))?;
            Ok((v, Wrap(variant)))
        }
    }

    impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Wrap<A> {
        type Error = A::Error;

        fn unit_variant(self) -> Result<(), A::Error> {
            self.0.unit_variant()
        }

        fn newtype_variant_seed<S: DeserializeSeed<'de>>(
            self,
            seed: S,
        ) -> Result<S::Value, A::Error> {
            self.0.newtype_variant_seed(Wrap(seed))
        }

        fn tuple_variant<V: Visitor<'de>>(self, len: usize, vis: V) -> Result<V::Value, A::Error> {
            self.0.tuple_variant(len, Wrap(vis))
        }

        // The inputs read this way have no externally tagged struct variants (their enums are
        // read through `tagged`, from a map only).
        fn struct_variant<V: Visitor<'de>>(
            self,
            fields: &'static [&'static str],
            vis: V,
        ) -> Result<V::Value, A::Error> {
            self.0.struct_variant(fields, Wrap(vis))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        n: u64,
        #[serde(default)]
        o: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        list: Vec<Inner>,
        #[serde(default)]
        map: std::collections::BTreeMap<String, Inner>,
    }

    fn path_of(v: Value) -> (String, String) {
        let e = from_value::<Outer>(&v).unwrap_err();
        (e.path, e.inner.to_string())
    }

    #[test]
    fn paths_as_serde_path_to_error_renders_them() {
        assert_eq!(path_of(json!({})).0, ".");
        assert_eq!(path_of(json!({"list": 1})).0, "list");
        assert_eq!(
            path_of(json!({"list": [{"n": 1}, {"n": "x"}]})),
            (
                "list[1].n".to_string(),
                "invalid type: string \"x\", expected u64".to_string()
            )
        );
        assert_eq!(path_of(json!({"list": [{"n": 1, "z": 2}]})).0, "list[0].z");
        assert_eq!(path_of(json!({"list": [{}]})).0, "list[0]");
        assert_eq!(
            path_of(json!({"list": [], "map": {"a.b": {"n": 1, "o": 3}}})).0,
            "map.a.b.o"
        );
        assert!(from_value::<Outer>(&json!({"list": [{"n": 2}]})).is_ok());
        // The same paths as JSON paths, a key with a dot kept as one key.
        let json_path = |v: Value| from_value::<Outer>(&v).unwrap_err().json_path;
        assert_eq!(json_path(json!({})), "");
        assert_eq!(
            json_path(json!({"list": [{"n": 1}, {"n": "x"}]})),
            ".list[1].n"
        );
        assert_eq!(
            json_path(json!({"list": [], "map": {"a.b": {"n": 1, "o": 3}}})),
            r#".map["a.b"].o"#
        );
    }

    /// A struct, a map or a tagged enum is read from an object only: never from the array of its
    /// fields' values, which serde would take for the struct (issue 21, defect 6).
    #[test]
    fn an_array_is_not_read_as_an_object() {
        let fails = |v: Value| {
            let e = from_value::<Outer>(&v).unwrap_err();
            (e.json_path, e.inner.to_string())
        };
        let not = NOT_AN_OBJECT.to_string();
        assert_eq!(fails(json!([[]])), (String::new(), not.clone()));
        assert_eq!(
            fails(json!({"list": [[7]]})),
            (".list[0]".into(), not.clone())
        );
        assert_eq!(
            fails(json!({"list": [], "map": [[1]]})),
            (".map".into(), not.clone())
        );
        let e = from_value::<crate::def::Rule>(&json!(["met"])).unwrap_err();
        assert_eq!((e.json_path.as_str(), e.inner.to_string()), ("", not));
        #[cfg(feature = "fast-text")]
        {
            assert!(from_str_objects::<Outer>(r#"{"list": [{"n": 1}]}"#).is_ok());
            for text in [
                r#"[[]]"#,
                r#"{"list": [[7]]}"#,
                r#"{"list": [], "map": {"a": [1]}}"#,
            ] {
                assert!(
                    serde_json::from_str::<Outer>(text).is_ok(),
                    "serde_json reads {text}"
                );
                assert!(from_str_objects::<Outer>(text).is_err(), "{text}");
            }
        }
    }

    #[test]
    fn tagged_enums_are_read_in_place_and_by_any_other_deserializer() {
        use crate::def::Rule;
        let text = r#"{"kind": "bands", "bands": [
            {"min": "0", "min_inclusive": true, "max": "100", "max_inclusive": true, "points": "1"}
        ]}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        let by_tree = from_value::<Rule>(&v).unwrap();
        assert!(matches!(&by_tree, Rule::Bands { bands, .. } if bands.len() == 1));
        assert_eq!(serde_json::from_str::<Rule>(text).unwrap(), by_tree);
        assert_eq!(serde_json::from_value::<Rule>(v).unwrap(), by_tree);
        // Written as it is read.
        assert_eq!(
            serde_json::to_value(&by_tree).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        let fails = |v: Value| {
            let e = from_value::<Rule>(&v).unwrap_err();
            (e.path, e.inner.to_string())
        };
        // A field of a variant: its own path.
        let (path, msg) = fails(json!({"kind": "bands", "bands": [{"min": 1, "max": "x"}]}));
        assert_eq!(path, "bands[0].max", "{msg}");
        // Unit variants take no fields; struct variants no unknown ones.
        assert_eq!(
            fails(json!({"kind": "survey", "foo": 1})),
            (
                "foo".into(),
                "unknown field `foo`, there are no fields".into()
            )
        );
        let (path, msg) = fails(json!({"kind": "count", "points_each": "1", "bar": 2}));
        assert_eq!(path, "bar", "{msg}");
        assert!(msg.starts_with("unknown field `bar`"), "{msg}");
        // The tag: missing, unknown, not a string; and the value not an object.
        let (path, msg) = fails(json!({"points_each": "1"}));
        assert_eq!((path.as_str(), msg.as_str()), (".", "missing field `kind`"));
        let (path, msg) = fails(json!({"kind": "sum"}));
        assert_eq!(path, "kind");
        assert!(msg.starts_with("unknown variant `sum`"), "{msg}");
        assert_eq!(fails(json!({"kind": 3})).0, "kind");
        assert_eq!(
            fails(json!(["bands", []])),
            (".".into(), NOT_AN_OBJECT.into())
        );
        // Other deserializers report the same problem with its path in the message.
        let e = serde_json::from_str::<Rule>(r#"{"kind": "count", "points_each": []}"#);
        let msg = e.unwrap_err().to_string();
        assert!(msg.contains("at `points_each`"), "{msg}");
    }

    #[test]
    fn messages_as_serde_json_writes_them() {
        fn same<T: serde::de::DeserializeOwned + std::fmt::Debug>(v: Value) {
            let ours = from_value::<T>(&v).map_err(|e| e.inner.to_string());
            let theirs = serde_json::from_value::<T>(v.clone()).map_err(|e| e.to_string());
            // serde_json says only "invalid number" for a number that does not parse as the
            // integer type asked for; the numbers' own messages are checked below.
            if theirs.as_ref().is_err_and(|e| e == "invalid number") {
                return;
            }
            // An array is never read as an object (a struct or a map), unlike serde_json.
            if v.is_array() && ours.as_ref().is_err_and(|e| e == NOT_AN_OBJECT) {
                return;
            }
            assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
        }
        for v in [
            json!(5),
            json!(-1.5),
            json!(null),
            json!("x"),
            json!(true),
            json!([1]),
            json!({}),
        ] {
            same::<Vec<u8>>(v.clone());
            same::<std::collections::BTreeMap<String, u64>>(v.clone());
            same::<Option<u64>>(v.clone());
            same::<String>(v.clone());
            same::<bool>(v.clone());
            same::<()>(v.clone());
            same::<crate::decimal::RoundingMode>(v.clone());
            same::<rust_decimal::Decimal>(v.clone());
            same::<Inner>(v);
        }
    }

    /// The table-driven readers ([`from_tree`]) read what serde's derived readers read (through
    /// [`from_value`]), and fail with the same message at the same path: unknown, missing and
    /// defaulted fields, renamed and skipped ones, tags, decimals read exactly, nested paths.
    #[test]
    fn table_readers_read_as_the_derived_readers() {
        fn same<T: FromTree + DeserializeOwned + PartialEq + std::fmt::Debug>(v: Value) {
            let table = from_tree::<T>(&v).map_err(|e| (e.path, e.json_path, e.inner.to_string()));
            let derived =
                from_value::<T>(&v).map_err(|e| (e.path, e.json_path, e.inner.to_string()));
            assert_eq!(table, derived, "{v}");
        }
        use crate::def::{Band, Label, Node, Rule, TieBreaker};
        let band = json!({"min": "0", "max": 50, "points": "1.5"});
        for v in [
            band.clone(),
            json!({"min": "0", "max": 50}),
            json!({"min": "0", "max": 50, "points": "x"}),
            json!({"min": "0", "max": 50, "points": 1, "max_inclusive": true, "zz": 1}),
            json!({"min": "0", "max": 50, "points": 1, "min_inclusive": "no"}),
            serde_json::from_str(
                r#"{"min": 0.1000000000000000055511151, "max": 1e2, "points": -2}"#,
            )
            .unwrap(),
            json!([1, 2, 3]),
            json!("band"),
            json!(null),
        ] {
            same::<Band>(v);
        }
        for v in [
            json!({"vi": "a"}),
            json!({"vi": "a", "en": null}),
            json!({"vi": "a", "en": 3}),
            json!({"en": "a"}),
            json!({}),
        ] {
            same::<Label>(v);
        }
        for v in [
            json!({"kind": "bands", "bands": [band, {"min": 1}]}),
            json!({"kind": "bands", "bands": [band]}),
            json!({"kind": "bands", "bands": {}}),
            json!({"kind": "survey"}),
            json!({"kind": "survey", "x": 1}),
            json!({"kind": "count"}),
            json!({"kind": "count", "points_each": "1", "extra": 2}),
            json!({"kind": "met", "points_met": null}),
            json!({"kind": 3}),
            json!({"kind": "sum"}),
            json!({"points_each": "1"}),
            json!([]),
            json!(7),
        ] {
            same::<Rule>(v);
        }
        same::<TieBreaker>(json!({"by": "component", "id": "a"}));
        same::<TieBreaker>(json!({"by": "total_points", "id": "a"}));
        let node = json!({"code": "1", "label": {"vi": "Một"}, "max_points": "2",
            "source": "decision", "children": [{"code": "1.1", "label": {"vi": "a"},
            "max_points": 1, "source": "seed", "rule": {"kind": "met"}}]});
        same::<Node>(node.clone());
        let mut bad = node.clone();
        bad["children"][0]["rule"]["points_met"] = json!("1,5");
        same::<Node>(bad);
        let mut bad = node;
        bad["children"][0]["source"] = json!("nowhere");
        same::<Node>(bad);
        for v in [
            json!({"id": "u", "name": "U", "group": "g", "items": {"1.1": {"numerator": 1,
                "denominator": 2, "self": "3", "evidence": ["a"]}}}),
            json!({"id": "u", "name": "U", "group": "g", "items": {"1.1": {"present": 1}}}),
            json!({"id": "u", "name": "U", "group": "g", "items": {"1.1": {"self": "x"}}}),
            json!({"id": "u", "name": "U", "group": "g", "items": []}),
            json!({"id": "u", "name": "U", "group": "g", "components": {"s": {"percentage": 1}},
                "bonus": [{"points": "1", "reason": "r"}], "penalty": [{"points": 1}]}),
            json!({"id": "u", "name": "U"}),
        ] {
            same::<crate::input::UnitInput>(v);
        }
    }

    #[test]
    fn numbers_are_read_exactly_and_never_as_floats() {
        let read =
            |text: &str| from_value::<rust_decimal::Decimal>(&serde_json::from_str(text).unwrap());
        // More digits than an f64 holds, and a value no binary float equals: exact.
        assert_eq!(
            read("0.1000000000000000055511151").unwrap().to_string(),
            "0.1000000000000000055511151"
        );
        assert_eq!(read("89.995").unwrap().to_string(), "89.995");
        assert_eq!(read("-2.50").unwrap().to_string(), "-2.50");
        assert_eq!(read("1e2").unwrap().to_string(), "100");
        assert_eq!(
            read("18446744073709551616").unwrap().to_string(),
            "18446744073709551616"
        );
        let msg = |v: Value| from_value::<u64>(&v).unwrap_err().inner.to_string();
        assert_eq!(
            msg(json!(-1.5)),
            "invalid type: floating point `-1.5`, expected u64"
        );
        assert_eq!(msg(json!(-1)), "invalid value: integer `-1`, expected u64");
        assert_eq!(
            msg(serde_json::from_str("18446744073709551616").unwrap()),
            "invalid type: integer `18446744073709551616`, expected u64"
        );
        let e = from_value::<Outer>(&json!({"list": [{"n": 2.5}]})).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.inner.to_string().as_str()),
            (
                "list[0].n",
                "invalid type: floating point `2.5`, expected u64"
            )
        );
    }
}
