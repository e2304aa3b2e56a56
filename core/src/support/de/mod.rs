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

mod macros;
mod path;
mod table;
#[cfg(feature = "fast-text")]
mod text;
mod tree;

pub(crate) use macros::{
    __default, __deny, __name, __reader, __skip, __variant, tagged_enum, tree_struct,
};
pub(crate) use path::from_serde;
pub use table::FromTree;
pub(crate) use table::{from_tree, leaf, Exact, ExactMap, ExactOpt, Field, Plain, Reader, Slot};
#[cfg(feature = "fast-text")]
pub(crate) use text::from_str_objects;
pub(crate) use tree::tagged;
pub use tree::{from_value, De};

#[cfg(test)]
mod tests;
