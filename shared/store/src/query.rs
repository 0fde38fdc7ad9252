//! Reading lists: one partition page by page, a sharded list by scatter-gather, a small collection
//! whole. Every page's cursor is signed and bound to its tenant and list.

use super::*;

impl Store {
    /// The key condition, filter and their names and values of a query (TTL-expired items are
    /// filtered out: DynamoDB deletes them late, moto never).
    fn query_parts(spec: &QuerySpec) -> QueryParts {
        let (pk_attr, sk_attr) = key_attrs(spec.index);
        let mut condition = "#pk = :pk".to_owned();
        let mut names = HashMap::from([
            ("#pk".to_owned(), pk_attr.to_owned()),
            ("#ttl".to_owned(), keys::TTL.to_owned()),
        ]);
        let mut values = HashMap::from([
            (":pk".to_owned(), AttributeValue::S(spec.pk.clone())),
            (
                ":now".to_owned(),
                AttributeValue::N(now_epoch().to_string()),
            ),
        ]);
        if let Some((low, high)) = &spec.sk_between {
            condition.push_str(" AND #sk BETWEEN :sk_low AND :sk_high");
            names.insert("#sk".into(), sk_attr.into());
            values.insert(":sk_low".into(), AttributeValue::S(low.clone()));
            values.insert(":sk_high".into(), AttributeValue::S(high.clone()));
        } else if let Some(prefix) = &spec.sk_prefix {
            condition.push_str(" AND begins_with(#sk, :sk)");
            names.insert("#sk".into(), sk_attr.into());
            values.insert(":sk".into(), AttributeValue::S(prefix.clone()));
        }
        let mut filter = "(attribute_not_exists(#ttl) OR #ttl > :now)".to_owned();
        for (i, f) in spec.filters.iter().enumerate() {
            let (attr, value, expr) = match f {
                Filter::Equals(a, v) => (a, v, format!(" AND #f{i} = :f{i}")),
                Filter::BeginsWith(a, v) => (a, v, format!(" AND begins_with(#f{i}, :f{i})")),
                Filter::Contains(a, v) => (a, v, format!(" AND contains(#f{i}, :f{i})")),
                Filter::NotEquals(a, v) => (a, v, format!(" AND #f{i} <> :f{i}")),
            };
            filter.push_str(&expr);
            names.insert(format!("#f{i}"), attr.clone());
            values.insert(format!(":f{i}"), AttributeValue::S(value.clone()));
        }
        QueryParts {
            condition,
            filter,
            names,
            values,
        }
    }

    /// One Query call: up to `limit` items from `start`, and where the next call would start.
    async fn query_once(
        &self,
        spec: &QuerySpec,
        parts: &QueryParts,
        limit: usize,
        start: Option<Item>,
    ) -> Result<(Vec<Item>, Option<Item>), StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .set_index_name(spec.index.map(str::to_owned))
            .key_condition_expression(&parts.condition)
            .filter_expression(&parts.filter)
            .set_expression_attribute_names(Some(parts.names.clone()))
            .set_expression_attribute_values(Some(parts.values.clone()))
            .scan_index_forward(spec.forward)
            .limit(i32::try_from(limit).unwrap_or(i32::MAX))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(StoreError::from_sdk)?;
        Ok((
            out.items.unwrap_or_default(),
            out.last_evaluated_key.filter(|k| !k.is_empty()),
        ))
    }

    /// One page of one partition, with a signed cursor for the next (`None` at the end).
    pub async fn query<T: DeserializeOwned>(
        &self,
        tenant: &TenantId,
        spec: &QuerySpec,
        page: &PageParams,
        codec: &CursorCodec,
    ) -> Result<Page<T>, StoreError> {
        let mut start_key = match &page.cursor {
            None => None,
            Some(token) => {
                let key = codec
                    .decode(tenant.as_str(), spec.scope(), token)
                    .map_err(|_: CursorError| StoreError::InvalidCursor)?;
                // Belt and braces: the signed key must sit in the partition this query reads.
                match key.get(key_attrs(spec.index).0) {
                    Some(AttributeValue::S(pk)) if *pk == spec.pk => Some(key),
                    _ => return Err(StoreError::InvalidCursor),
                }
            }
        };
        let parts = Self::query_parts(spec);
        let wanted = page.limit as usize;
        let mut items: Vec<T> = Vec::with_capacity(wanted);
        // Bounded top-up: a page costs at most this many Query calls.
        for _ in 0..4 {
            let (found, next) = self
                .query_once(spec, &parts, wanted - items.len(), start_key.take())
                .await?;
            for item in found {
                items.push(serde_dynamo::from_item(item)?);
            }
            start_key = next;
            if items.len() >= wanted || start_key.is_none() {
                break;
            }
        }
        let next_cursor = match start_key {
            Some(key) => Some(
                codec
                    .encode(tenant.as_str(), spec.scope(), &key)
                    .map_err(|_| StoreError::InvalidCursor)?,
            ),
            None => None,
        };
        Ok(Page { items, next_cursor })
    }

    /// One page of a list spread over shards (`keys::entity_list`, `keys::call_log`): each shard
    /// is read from its own position with one Query (concurrently), the results are merged in
    /// sort-key order, and at most `limit` are returned. The order across pages is exact: an item
    /// is returned only when no shard that still has unread items could hold one before it. The
    /// cursor holds every shard's position, signed and bound to the tenant and the list like any
    /// other. Cost: one Query per shard per page.
    pub async fn query_sharded<T: DeserializeOwned>(
        &self,
        tenant: &TenantId,
        specs: &[QuerySpec],
        page: &PageParams,
        codec: &CursorCodec,
    ) -> Result<Page<T>, StoreError> {
        let Some(first) = specs.first() else {
            return Ok(Page {
                items: Vec::new(),
                next_cursor: None,
            });
        };
        let scope = first.scope().to_owned();
        let (pk_attr, sk_attr) = key_attrs(first.index);
        // Each shard: Some(None) = from the start, Some(Some(key)) = after key, None = finished.
        let mut positions: Vec<Option<Option<Item>>> = vec![Some(None); specs.len()];
        if let Some(token) = &page.cursor {
            let flat = codec
                .decode(tenant.as_str(), &scope, token)
                .map_err(|_| StoreError::InvalidCursor)?;
            for (i, spec) in specs.iter().enumerate() {
                if flat.contains_key(&format!("{i}.done")) {
                    positions[i] = None;
                    continue;
                }
                let key: Item = flat
                    .iter()
                    .filter_map(|(k, v)| {
                        k.strip_prefix(&format!("{i}."))
                            .map(|attr| (attr.to_owned(), v.clone()))
                    })
                    .collect();
                if key.is_empty() {
                    continue;
                }
                match key.get(pk_attr) {
                    Some(AttributeValue::S(pk)) if *pk == spec.pk => positions[i] = Some(Some(key)),
                    _ => return Err(StoreError::InvalidCursor),
                }
            }
        }
        let limit = page.limit as usize;
        let reads = specs.iter().zip(positions.iter()).map(|(spec, position)| {
            let parts = Self::query_parts(spec);
            async move {
                match position {
                    None => Ok::<_, StoreError>(None),
                    Some(start) => self
                        .query_once(spec, &parts, limit, start.clone())
                        .await
                        .map(Some),
                }
            }
        });
        let results = futures::future::join_all(reads).await;
        let sort_value = |item: &Item| match item.get(sk_attr) {
            Some(AttributeValue::S(v)) => v.clone(),
            _ => String::new(),
        };
        let forward = first.forward;
        let before = |a: &str, b: &str| if forward { a < b } else { a > b };
        // Items may be returned up to the earliest "last seen" of shards that have more to read.
        let mut boundary: Option<String> = None;
        let mut candidates: Vec<(String, usize, Item)> = Vec::new();
        // Per shard read: (items returned, where its next read starts). With a filter, DynamoDB
        // stops at `Limit` items *evaluated*: the next start can lie past the last item returned
        // (or a page can return none), so the boundary and the shard's next position are taken
        // from where the read stopped, not from its last item.
        let mut shard_reads: Vec<Option<(usize, Option<Item>)>> = Vec::with_capacity(specs.len());
        for (i, result) in results.into_iter().enumerate() {
            match result? {
                None => shard_reads.push(None),
                Some((items, next)) => {
                    if let Some(stop) = next.as_ref().map(sort_value) {
                        boundary = Some(match boundary {
                            Some(b) if !before(&stop, &b) => b,
                            _ => stop,
                        });
                    }
                    shard_reads.push(Some((items.len(), next)));
                    candidates.extend(items.into_iter().map(|item| (sort_value(&item), i, item)));
                }
            }
        }
        candidates.sort_by(|a, b| {
            if forward {
                a.0.cmp(&b.0)
            } else {
                b.0.cmp(&a.0)
            }
        });
        let mut taken: Vec<Item> = Vec::new();
        let mut last_taken: Vec<Option<Item>> = vec![None; specs.len()];
        let mut taken_per_shard = vec![0usize; specs.len()];
        for (value, shard, item) in candidates {
            if taken.len() >= limit || boundary.as_deref().is_some_and(|b| before(b, &value)) {
                break;
            }
            let key: Item = [keys::PK, keys::SK, pk_attr, sk_attr]
                .iter()
                .filter_map(|a| item.get(*a).map(|v| ((*a).to_owned(), v.clone())))
                .collect();
            last_taken[shard] = Some(key);
            taken_per_shard[shard] += 1;
            taken.push(item);
        }
        let mut cursor: Item = HashMap::new();
        let mut finished = true;
        for (i, read) in shard_reads.iter().enumerate() {
            let (all_taken, next) = match read {
                None => (true, None),
                Some((returned, next)) => (taken_per_shard[i] == *returned, next.clone()),
            };
            if all_taken && next.is_none() {
                cursor.insert(format!("{i}.done"), AttributeValue::S("1".into()));
                continue;
            }
            finished = false;
            // Every item it returned was taken: it continues where its read stopped (past what
            // the filter left out). Otherwise after its last item taken; no entry for a shard
            // not yet read past its start.
            let position = if all_taken {
                next
            } else {
                last_taken[i]
                    .clone()
                    .or_else(|| positions[i].clone().flatten())
            };
            for (attr, value) in position.unwrap_or_default() {
                cursor.insert(format!("{i}.{attr}"), value);
            }
        }
        let next_cursor = if finished {
            None
        } else {
            Some(
                codec
                    .encode(tenant.as_str(), &scope, &cursor)
                    .map_err(|_| StoreError::InvalidCursor)?,
            )
        };
        let items = taken
            .into_iter()
            .map(serde_dynamo::from_item)
            .collect::<Result<Vec<T>, _>>()?;
        Ok(Page { items, next_cursor })
    }

    /// Every item of a list, up to `max` (for small bounded collections such as a tenant's users,
    /// which are filtered and sorted in memory). Errs rather than truncating silently.
    pub async fn query_all<T: DeserializeOwned>(
        &self,
        tenant: &TenantId,
        spec: &QuerySpec,
        max: usize,
        codec: &CursorCodec,
    ) -> Result<Vec<T>, StoreError> {
        let mut all = Vec::new();
        let mut params = PageParams {
            limit: 1000,
            cursor: None,
        };
        loop {
            let page = self.query::<T>(tenant, spec, &params, codec).await?;
            all.extend(page.items);
            if all.len() > max {
                return Err(StoreError::TooMany { max });
            }
            match page.next_cursor {
                Some(c) => params.cursor = Some(c),
                None => return Ok(all),
            }
        }
    }

    /// The first `limit` items of one partition, without a cursor: for system sweeps that act on
    /// what they find (moving it out of the partition) and run again, never for a tenant's list.
    pub async fn query_first<T: DeserializeOwned>(
        &self,
        spec: &QuerySpec,
        limit: usize,
    ) -> Result<Vec<T>, StoreError> {
        let parts = Self::query_parts(spec);
        let (items, _) = self.query_once(spec, &parts, limit.max(1), None).await?;
        items
            .into_iter()
            .map(|i| serde_dynamo::from_item(i).map_err(StoreError::from))
            .collect()
    }

    /// Every item of a platform-wide list (the organisations a sweep visits), following
    /// DynamoDB's own paging; `TooMany` past `max`. Never for a tenant's list, which pages with
    /// signed cursors.
    /// One page of a query for internal sweeps (no cursor signing): up to `limit` items and the
    /// key to continue from.
    pub async fn query_raw_page<T: DeserializeOwned>(
        &self,
        spec: &QuerySpec,
        limit: usize,
        start: Option<Item>,
    ) -> Result<(Vec<T>, Option<Item>), StoreError> {
        let parts = Self::query_parts(spec);
        let (items, next) = self.query_once(spec, &parts, limit, start).await?;
        let items = items
            .into_iter()
            .map(serde_dynamo::from_item)
            .collect::<Result<Vec<T>, _>>()?;
        Ok((items, next))
    }

    pub async fn query_every<T: DeserializeOwned>(
        &self,
        spec: &QuerySpec,
        max: usize,
    ) -> Result<Vec<T>, StoreError> {
        let parts = Self::query_parts(spec);
        let mut out = Vec::new();
        let mut start = None;
        loop {
            let (items, next) = self.query_once(spec, &parts, 1000, start).await?;
            for item in items {
                out.push(serde_dynamo::from_item(item)?);
            }
            if out.len() > max {
                return Err(StoreError::TooMany { max });
            }
            match next {
                Some(k) => start = Some(k),
                None => return Ok(out),
            }
        }
    }

    /// Deletes the first `limit` items a query finds, by the table keys they carry (so a GSI
    /// query works too), and returns how many it deleted: one Query and one BatchWriteItem per 25.
    /// For retention sweeps, which call it until it returns less than `limit`.
    pub async fn purge_first(&self, spec: &QuerySpec, limit: usize) -> Result<usize, StoreError> {
        let parts = Self::query_parts(spec);
        let (items, _) = self.query_once(spec, &parts, limit.max(1), None).await?;
        let found = items.len();
        let doomed: Vec<Key> = items
            .iter()
            .filter_map(|item| match (item.get(keys::PK), item.get(keys::SK)) {
                (Some(AttributeValue::S(pk)), Some(AttributeValue::S(sk))) => {
                    Some(Key::new(pk.clone(), sk.clone()))
                }
                _ => None,
            })
            .collect();
        self.batch_delete(&doomed).await?;
        Ok(found)
    }

    /// Deletes the items of `spec` (a key range) 100 at a time until none is left or `budget`
    /// deletions are spent (taken from it); returns how many it deleted. Idempotent: deleting an
    /// absent item succeeds, so concurrent or repeated sweeps converge.
    pub async fn purge(&self, spec: &QuerySpec, budget: &mut usize) -> Result<usize, StoreError> {
        const ROUND: usize = 100;
        let mut total = 0;
        while *budget > 0 {
            let want = ROUND.min(*budget);
            let n = self.purge_first(spec, want).await?;
            total += n;
            *budget = budget.saturating_sub(n);
            if n < want {
                break;
            }
        }
        Ok(total)
    }

    /// One conditional UpdateItem on an existing item, returning the item as written (ALL_NEW).
    /// `ConditionFailed` when the item is missing or `condition` does not hold; nothing changes then.
    /// For check-and-change rules that must hold under concurrency (reserving an attempt before it
    /// is evaluated), where a read followed by a write would let parallel callers pass together.
    pub async fn update_where<T: DeserializeOwned>(
        &self,
        key: &Key,
        update: &str,
        condition: &str,
        names: &[(&str, &str)],
        values: &[(&str, AttributeValue)],
    ) -> Result<T, StoreError> {
        let mut req = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .update_expression(update)
            .condition_expression(format!("attribute_exists(#pk) AND ({condition})"))
            .expression_attribute_names("#pk", keys::PK)
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllNew);
        for (name, attr) in names {
            req = req.expression_attribute_names(*name, *attr);
        }
        for (name, value) in values {
            req = req.expression_attribute_values(*name, value.clone());
        }
        let out = req.send().await.map_err(StoreError::from_sdk)?;
        let item = out
            .attributes
            .ok_or_else(|| StoreError::Aws("UpdateItem returned no item".into()))?;
        Ok(serde_dynamo::from_item(item)?)
    }
}
