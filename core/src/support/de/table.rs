//! Table-driven readers: [`FromTree`], one walker reading every object by a table of its fields.

use super::path::{not_an_object, Chain, PathError};
use super::tree::{tracked, unexpected, De};
use serde::de::{self, DeserializeOwned};
use serde_json::{Error, Map, Value};
use std::marker::PhantomData;

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

/// [`from_value`](super::from_value) for a [`FromTree`] type.
pub(crate) fn from_tree<T: FromTree>(v: &Value) -> Result<T, PathError> {
    tracked(v, T::from_tree)
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
        let mut out = Vec::new();
        de.items(&mut |n, de| {
            out.reserve_exact(n);
            out.push(T::from_tree(de)?);
            Ok(())
        })?;
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

/// Reads one element or entry at its place: `read(n, de)`, `n` the number of elements or
/// entries still to read (this one included).
type Each<'a> = dyn FnMut(usize, De<'_, '_>) -> Result<(), Error> + 'a;

impl De<'_, '_> {
    /// The entries of an object (`expected` names it for other values), each value read as a
    /// `T` at its own path.
    pub(crate) fn entries<T: FromTree>(
        self,
        expected: &str,
        mut put: impl FnMut(&str, T),
    ) -> Result<(), Error> {
        self.each_entry(expected, &mut |k, de| {
            put(k, T::from_tree(de)?);
            Ok(())
        })
    }

    /// The walk of [`Self::entries`], one copy for every value type (`read` reads one value).
    #[inline(never)]
    fn each_entry(
        self,
        expected: &str,
        read: &mut dyn FnMut(&str, De<'_, '_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let m = self.object_of(expected)?;
        for (k, v) in m {
            let chain = Chain::Key(self.chain, k);
            let item = read(
                k,
                De {
                    v,
                    chain: &chain,
                    track: self.track,
                },
            );
            item.map_err(|e| self.track.fail(&chain, e))?;
        }
        Ok(())
    }

    /// The elements of an array, each read at its own path by `read`, one copy for every element
    /// type.
    #[inline(never)]
    fn items(self, read: &mut Each<'_>) -> Result<(), Error> {
        let a = self.array()?;
        for (i, v) in a.iter().enumerate() {
            let chain = Chain::Index(self.chain, i);
            let item = read(
                a.len() - i,
                De {
                    v,
                    chain: &chain,
                    track: self.track,
                },
            );
            item.map_err(|e| self.track.fail(&chain, e))?;
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
