//! The macros that declare the engine's objects read by tables of their fields: [`tree_struct!`]
//! and [`tagged_enum!`], and their helpers.

/// Declares an internally tagged enum of unit and struct variants: written (derive `Serialize`
/// and `JsonSchema` as usual) as `{"<tag>": "<variant>", …fields}` in snake_case, with unknown
/// fields refused; read through [`tagged`](super::tagged), so that a rule set's or a dossier's
/// tagged values are read in place (with the path of each problem) rather than buffered first.
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

/// Declares a struct read from a JSON tree by a table of its fields
/// ([`FromTree`](super::FromTree)), as serde's derive reads it: the field attributes
/// `#[serde(default)]`, `#[serde(default = "yes")]` and
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

/// The [`Reader`](super::Reader) a field's attributes ask for.
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
