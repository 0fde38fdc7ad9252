//! Update and condition expressions named by the item type's own fields.
//!
//! Why: an expression that names an attribute in a bare string breaks silently when the serde type
//! that writes the item renames or drops the field; the write then updates an attribute nobody
//! reads. Here every attribute is named through the type `T` that writes the item: a name that is
//! not one of `T`'s serialized field names (serde introspection) or one of the store's own
//! attributes (keys, `entity`, `ttl`) makes the expression invalid, and the store refuses to send
//! it ([`StoreError::Expression`]). A persistence module's unit tests build each of its
//! expressions without AWS, so a rename fails a test instead of a write.
//!
//! Placeholders (`#n0`, `:v0`) are generated: callers never write expression syntax.

use crate::keys::{self, Key};
use crate::StoreError;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;
use std::marker::PhantomData;

/// Attributes the store writes on every item, usable in any expression.
const STORE_ATTRIBUTES: &[&str] = &[
    keys::PK,
    keys::SK,
    keys::GSI1PK,
    keys::GSI1SK,
    keys::GSI2PK,
    keys::GSI2SK,
    keys::GSI3PK,
    keys::GSI3SK,
    keys::TTL,
    keys::ENTITY,
];

/// The serialized field names of `T` (its `#[serde(rename)]`s applied).
pub fn fields<T: DeserializeOwned>() -> &'static [&'static str] {
    serde_aux::serde_introspection::serde_introspect::<T>()
}

/// A condition on an item's attributes, checked against `T` when it is used.
#[derive(Debug, Clone)]
pub enum Cond {
    /// No item has this key.
    ItemAbsent,
    Exists(&'static str),
    Absent(&'static str),
    Compare(&'static str, &'static str, Value),
    In(&'static str, Vec<Value>),
    Contains(&'static str, Value),
    /// The attribute holds a DynamoDB NULL.
    IsNull(&'static str),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

/// A value to compare or write, converted once (a conversion error is reported on render).
#[derive(Debug, Clone)]
pub struct Value(Result<AttributeValue, String>);

impl Value {
    pub fn of(v: &impl Serialize) -> Self {
        Self(serde_dynamo::to_attribute_value(v).map_err(|e| e.to_string()))
    }
    /// A number set (the attribute type `ADD` and `contains` work on for chunk numbers).
    pub fn numbers<N: ToString>(ns: &[N]) -> Self {
        Self(Ok(AttributeValue::Ns(
            ns.iter().map(ToString::to_string).collect(),
        )))
    }
    /// A string set (what `ADD` and `DELETE` take to add or remove members).
    pub fn strings(ss: &[&str]) -> Self {
        Self(Ok(AttributeValue::Ss(
            ss.iter().map(|s| (*s).to_owned()).collect(),
        )))
    }
    pub fn number<N: ToString>(n: N) -> Self {
        Self(Ok(AttributeValue::N(n.to_string())))
    }
}

impl Cond {
    pub fn exists(field: &'static str) -> Self {
        Self::Exists(field)
    }
    pub fn absent(field: &'static str) -> Self {
        Self::Absent(field)
    }
    pub fn eq(field: &'static str, v: &impl Serialize) -> Self {
        Self::Compare(field, "=", Value::of(v))
    }
    pub fn ne(field: &'static str, v: &impl Serialize) -> Self {
        Self::Compare(field, "<>", Value::of(v))
    }
    pub fn lt(field: &'static str, v: &impl Serialize) -> Self {
        Self::Compare(field, "<", Value::of(v))
    }
    pub fn le(field: &'static str, v: &impl Serialize) -> Self {
        Self::Compare(field, "<=", Value::of(v))
    }
    pub fn gt(field: &'static str, v: &impl Serialize) -> Self {
        Self::Compare(field, ">", Value::of(v))
    }
    pub fn ge(field: &'static str, v: &impl Serialize) -> Self {
        Self::Compare(field, ">=", Value::of(v))
    }
    /// The attribute equals one of `vs`.
    pub fn one_of<V: Serialize>(field: &'static str, vs: &[V]) -> Self {
        Self::In(field, vs.iter().map(Value::of).collect())
    }
    /// The attribute is there and holds NULL (a serde `None` written as such).
    pub fn is_null(field: &'static str) -> Self {
        Self::IsNull(field)
    }
    /// A set or list attribute holds `v` (a string attribute contains it).
    pub fn contains(field: &'static str, v: Value) -> Self {
        Self::Contains(field, v)
    }
    // Named after the DynamoDB operator; `std::ops::Not` would hide it behind `!`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Self {
        Self::Not(Box::new(self))
    }
    pub fn and(self, other: Cond) -> Self {
        let mut all = match self {
            Self::And(all) => all,
            first => vec![first],
        };
        match other {
            Self::And(more) => all.extend(more),
            other => all.push(other),
        }
        Self::And(all)
    }
    pub fn or(self, other: Cond) -> Self {
        let mut any = match self {
            Self::Or(any) => any,
            first => vec![first],
        };
        match other {
            Self::Or(more) => any.extend(more),
            other => any.push(other),
        }
        Self::Or(any)
    }
}

/// An expression's text and placeholders, ready for a request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    /// `SET … ADD … REMOVE … DELETE …` (`None` for a condition alone).
    pub update: Option<String>,
    pub condition: Option<String>,
    pub names: HashMap<String, String>,
    pub values: HashMap<String, AttributeValue>,
}

/// An UpdateItem on an item written from `T`: what to change and on what condition.
#[derive(Debug)]
pub struct Update<T> {
    set: Vec<String>,
    add: Vec<String>,
    remove: Vec<String>,
    delete: Vec<String>,
    condition: Vec<Cond>,
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
    errors: Vec<String>,
    _item: PhantomData<fn() -> T>,
}

// By hand: a derive would ask `T: Clone`, and `T` is only a marker.
impl<T> Clone for Update<T> {
    fn clone(&self) -> Self {
        Self {
            set: self.set.clone(),
            add: self.add.clone(),
            remove: self.remove.clone(),
            delete: self.delete.clone(),
            condition: self.condition.clone(),
            names: self.names.clone(),
            values: self.values.clone(),
            errors: self.errors.clone(),
            _item: PhantomData,
        }
    }
}

impl<T: DeserializeOwned> Default for Update<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: DeserializeOwned> Update<T> {
    pub fn new() -> Self {
        Self {
            set: Vec::new(),
            add: Vec::new(),
            remove: Vec::new(),
            delete: Vec::new(),
            condition: Vec::new(),
            names: HashMap::new(),
            values: HashMap::new(),
            errors: Vec::new(),
            _item: PhantomData,
        }
    }

    /// The placeholder of one of `T`'s fields (or a store attribute), checked.
    fn name(&mut self, field: &str) -> String {
        if !STORE_ATTRIBUTES.contains(&field) && !fields::<T>().contains(&field) {
            self.errors.push(format!(
                "`{field}` is not a field of {}",
                std::any::type_name::<T>()
            ));
        }
        self.placeholder_for(field)
    }

    /// The placeholder of a map key (data, not a field: unchecked).
    fn placeholder_for(&mut self, name: &str) -> String {
        if let Some((p, _)) = self.names.iter().find(|(_, n)| n.as_str() == name) {
            return p.clone();
        }
        let p = format!("#n{}", self.names.len());
        self.names.insert(p.clone(), name.to_owned());
        p
    }

    fn value(&mut self, v: Value) -> String {
        let p = format!(":v{}", self.values.len());
        match v.0 {
            Ok(av) => {
                self.values.insert(p.clone(), av);
            }
            Err(e) => self
                .errors
                .push(format!("a value could not be converted: {e}")),
        }
        p
    }

    /// `field = value`.
    pub fn set(mut self, field: &'static str, v: &impl Serialize) -> Self {
        let (n, v) = (self.name(field), self.value(Value::of(v)));
        self.set.push(format!("{n} = {v}"));
        self
    }

    /// `field = value` unless the field already holds a value (a creation time, a first TTL).
    pub fn set_if_absent(mut self, field: &'static str, v: &impl Serialize) -> Self {
        let (n, v) = (self.name(field), self.value(Value::of(v)));
        self.set.push(format!("{n} = if_not_exists({n}, {v})"));
        self
    }

    /// Adds to a number (atomic: concurrent adds all count), or adds members to a set.
    pub fn add(mut self, field: &'static str, v: Value) -> Self {
        let (n, v) = (self.name(field), self.value(v));
        self.add.push(format!("{n} {v}"));
        self
    }

    /// Adds to the number attribute `name` (created at 0), whose name is data: a counters item
    /// with one attribute per value counted (`status:bounced`), so no map must exist first.
    pub fn add_to_counter(mut self, name: &str, amount: i64) -> Self {
        let n = self.placeholder_for(name);
        let v = self.value(Value::number(amount));
        self.add.push(format!("{n} {v}"));
        self
    }

    /// Adds `amount` to the number under `key` in the map `field` (0 if absent). The map itself
    /// must exist.
    pub fn add_in_map(mut self, field: &'static str, key: &str, amount: f64) -> Self {
        let n = self.name(field);
        let k = self.placeholder_for(key);
        let zero = self.value(Value::number(0));
        let v = self.value(Value::number(amount));
        self.set
            .push(format!("{n}.{k} = if_not_exists({n}.{k}, {zero}) + {v}"));
        self
    }

    /// `field.key = value` in the map `field` (which must exist; the key is data, unchecked).
    pub fn set_in(mut self, field: &'static str, key: &str, v: &impl Serialize) -> Self {
        let n = self.name(field);
        let k = self.placeholder_for(key);
        let v = self.value(Value::of(v));
        self.set.push(format!("{n}.{k} = {v}"));
        self
    }

    /// Appends the items of a list to the list `field` (created if absent).
    pub fn append<V: Serialize>(mut self, field: &'static str, items: &[V]) -> Self {
        let n = self.name(field);
        let empty = self.value(Value(Ok(AttributeValue::L(Vec::new()))));
        let v = self.value(Value::of(&items));
        self.set.push(format!(
            "{n} = list_append(if_not_exists({n}, {empty}), {v})"
        ));
        self
    }

    /// Removes members from a set.
    pub fn delete_members(mut self, field: &'static str, v: Value) -> Self {
        let (n, v) = (self.name(field), self.value(v));
        self.delete.push(format!("{n} {v}"));
        self
    }

    pub fn remove(mut self, field: &'static str) -> Self {
        let n = self.name(field);
        self.remove.push(n);
        self
    }

    /// Puts the item in the second index under `key` (moves it if it was there).
    pub fn index2(mut self, key: &Key) -> Self {
        for (attr, value) in [(keys::GSI2PK, key.pk()), (keys::GSI2SK, key.sk())] {
            let (n, v) = (self.name(attr), self.value(Value::of(&value)));
            self.set.push(format!("{n} = {v}"));
        }
        self
    }

    /// Puts the item in the third index under `key` (moves it if it was there).
    pub fn index3(mut self, key: &Key) -> Self {
        for (attr, value) in [(keys::GSI3PK, key.pk()), (keys::GSI3SK, key.sk())] {
            let (n, v) = (self.name(attr), self.value(Value::of(&value)));
            self.set.push(format!("{n} = {v}"));
        }
        self
    }

    /// Takes the item out of the second index.
    pub fn unindex2(mut self) -> Self {
        for attr in [keys::GSI2PK, keys::GSI2SK] {
            let n = self.name(attr);
            self.remove.push(n);
        }
        self
    }

    /// The entity tag, for an update that may create the item.
    pub fn entity(mut self, entity: &'static str) -> Self {
        let (n, v) = (self.name(keys::ENTITY), self.value(Value::of(&entity)));
        self.set.push(format!("{n} = {v}"));
        self
    }

    /// Adds a condition (all conditions must hold).
    pub fn when(mut self, c: Cond) -> Self {
        self.condition.push(c);
        self
    }

    /// A condition's text. Compound parts are parenthesised only inside another operator:
    /// DynamoDB refuses redundant (doubled) parentheses.
    fn cond(&mut self, c: Cond, nested: bool) -> String {
        let group = |parts: Vec<String>, op: &str| {
            let joined = parts.join(op);
            if nested && parts.len() > 1 {
                format!("({joined})")
            } else {
                joined
            }
        };
        match c {
            Cond::ItemAbsent => format!("attribute_not_exists({})", self.name(keys::PK)),
            Cond::Exists(f) => format!("attribute_exists({})", self.name(f)),
            Cond::Absent(f) => format!("attribute_not_exists({})", self.name(f)),
            Cond::Compare(f, op, v) => {
                let (n, v) = (self.name(f), self.value(v));
                format!("{n} {op} {v}")
            }
            Cond::In(f, vs) => {
                let n = self.name(f);
                let vs: Vec<String> = vs.into_iter().map(|v| self.value(v)).collect();
                format!("{n} IN ({})", vs.join(", "))
            }
            Cond::Contains(f, v) => {
                let (n, v) = (self.name(f), self.value(v));
                format!("contains({n}, {v})")
            }
            Cond::IsNull(f) => {
                let n = self.name(f);
                let v = self.value(Value::of(&"NULL"));
                format!("attribute_type({n}, {v})")
            }
            Cond::Not(c) => format!("NOT {}", self.cond(*c, true)),
            Cond::And(all) => {
                let parts: Vec<String> = all.into_iter().map(|c| self.cond(c, true)).collect();
                group(parts, " AND ")
            }
            Cond::Or(any) => {
                let parts: Vec<String> = any.into_iter().map(|c| self.cond(c, true)).collect();
                group(parts, " OR ")
            }
        }
    }

    /// The expression's text and placeholders, or why it is invalid (a name that is not a field
    /// of `T`, a value that does not convert).
    pub fn render(&self) -> Result<Rendered, StoreError> {
        let mut this = self.clone();
        let condition = match this.condition.len() {
            0 => None,
            1 => Some(this.cond(this.condition[0].clone(), false)),
            _ => Some(this.cond(Cond::And(this.condition.clone()), false)),
        };
        if !this.errors.is_empty() {
            return Err(StoreError::Expression(this.errors.join("; ")));
        }
        let mut clauses = Vec::new();
        for (word, parts) in [
            ("SET", &self.set),
            ("ADD", &self.add),
            ("REMOVE", &self.remove),
            ("DELETE", &self.delete),
        ] {
            if !parts.is_empty() {
                clauses.push(format!("{word} {}", parts.join(", ")));
            }
        }
        Ok(Rendered {
            update: (!clauses.is_empty()).then(|| clauses.join(" ")),
            condition,
            names: this.names,
            values: this.values,
        })
    }
}

/// A condition alone (for a conditional put or delete) on an item written from `T`.
pub fn condition<T: DeserializeOwned>(c: Cond) -> Update<T> {
    Update::new().when(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        status: String,
        #[serde(rename = "done")]
        finished: u64,
        credits: HashMap<String, f64>,
    }

    #[test]
    fn names_come_from_the_type_and_a_stranger_is_refused() {
        let ok = Update::<Item>::new()
            .set("status", &"running")
            .add("done", Value::number(3))
            .add_in_map("credits", "apollo", 1.5)
            .when(Cond::one_of("status", &["pending", "running"]).and(Cond::exists("done")))
            .render()
            .unwrap();
        assert_eq!(
            ok.update.as_deref(),
            Some("SET #n0 = :v0, #n2.#n3 = if_not_exists(#n2.#n3, :v2) + :v3 ADD #n1 :v1")
        );
        assert_eq!(
            ok.condition.as_deref(),
            Some("#n0 IN (:v4, :v5) AND attribute_exists(#n1)")
        );
        assert_eq!(ok.names["#n1"], "done");
        assert_eq!(ok.names["#n1"], "done");
        // The Rust name of a renamed field, and a name the type never had.
        for bad in ["finished", "stauts"] {
            let err = Update::<Item>::new().remove(bad).render().unwrap_err();
            assert!(
                matches!(&err, StoreError::Expression(m) if m.contains(bad)),
                "{err}"
            );
        }
        let err = condition::<Item>(Cond::eq("nope", &1))
            .render()
            .unwrap_err();
        assert!(matches!(err, StoreError::Expression(_)));
    }

    #[test]
    fn a_condition_alone_has_no_update() {
        let r = condition::<Item>(Cond::ItemAbsent.or(Cond::lt("done", &5)))
            .render()
            .unwrap();
        assert_eq!(r.update, None);
        assert_eq!(
            r.condition.as_deref(),
            Some("attribute_not_exists(#n0) OR #n1 < :v0")
        );
        // Nested groups get one pair of parentheses each, never two.
        let r = condition::<Item>(
            Cond::eq("status", &"a")
                .or(Cond::absent("status"))
                .and(Cond::contains("done", Value::number(1)).not()),
        )
        .render()
        .unwrap();
        assert_eq!(
            r.condition.as_deref(),
            Some("(#n0 = :v0 OR attribute_not_exists(#n0)) AND NOT contains(#n1, :v1)")
        );
    }
}
