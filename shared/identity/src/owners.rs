//! The rule that an organisation always keeps an active owner, held under concurrency: the tenant
//! record counts active owners, and every user change that alters the count is written in the same
//! transaction as the count, conditional on both versions.

use access::model::UserStatus;
use access::rbac::Role;

/// The tenant-record write that keeps `active_owners` right when an owner stops or starts counting.
pub fn owner_delta(before: (Role, UserStatus), after: (Role, UserStatus)) -> i32 {
    let counts = |(r, s): (Role, UserStatus)| r == Role::Owner && s == UserStatus::Active;
    i32::from(counts(after)) - i32::from(counts(before))
}

pub use crate::persist::accounts::save_with_owner_guard;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_active_owners_count() {
        use Role::*;
        use UserStatus::*;
        assert_eq!(owner_delta((Owner, Active), (Admin, Active)), -1);
        assert_eq!(owner_delta((Admin, Active), (Owner, Active)), 1);
        assert_eq!(owner_delta((Owner, Active), (Owner, Suspended)), -1);
        assert_eq!(owner_delta((Owner, Suspended), (Owner, Active)), 1);
        assert_eq!(owner_delta((Member, Active), (Viewer, Active)), 0);
    }
}
