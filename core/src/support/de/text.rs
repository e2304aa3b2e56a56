//! Typed reading of JSON text, objects only.

use serde::de::DeserializeOwned;
use serde_json::Error;

/// Reads `T` from JSON text as serde_json does, except that a struct is read only from an object:
/// serde_json also reads one from an array of its fields' values (see the module documentation).
/// Every value below is read the same way, so a unit, its items, components and adjustments, and
/// the batch around them must all be objects. For the typed readers of feature `fast-text`; a
/// failure sends the caller to the tree, which names the problem.
pub(crate) fn from_str_objects<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut d = serde_json::Deserializer::from_str(text);
    let v = T::deserialize(objects::Objects(&mut d))?;
    d.end()?;
    Ok(v)
}

/// [`Objects`](objects::Objects): a deserializer that passes everything to the one it wraps, itself
/// wrapping every value below, but asks for a map where a struct is asked for.
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
