//! Who acts on a dossier.

use schemars::JsonSchema;
use serde::Serialize;
use std::fmt;

crate::de::tagged_enum! {
    tag = "role";
    /// The person (by role) performing an act. Every act names its actor; the workflow checks that
    /// the role may perform it on this dossier.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
    pub enum Actor {
        /// An officer of the assessed unit: self-scores, submits (S3) and explains (S8) — on the
        /// unit's own dossier only.
        UnitOfficer { unit: String },
        /// A member of the appraisal council (`council.members[].id`), appraising in their own
        /// remit (S7). `district` is set for the council a district forms for its communes (S10)
        /// and must be absent for the provincial council.
        CouncilMember {
            member: String,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            district: Option<String>,
        },
        /// The council's secretariat (the Department of Home Affairs; a district's home-affairs
        /// office for its communes): may announce the results.
        Secretariat {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            district: Option<String>,
        },
        /// The Chairman of the People's Committee (of the province; of the district for its
        /// communes): announces the results (S8, S10).
        Chairman {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            district: Option<String>,
        },
        /// The workflow itself: the automatic transitions recorded in the log (S5, S6, S8). Callers
        /// cannot act as the system.
        System,
    }
}

impl Actor {
    pub fn unit(unit: &str) -> Actor {
        Actor::UnitOfficer {
            unit: unit.to_string(),
        }
    }
    /// A member of the provincial council.
    pub fn member(member: &str) -> Actor {
        Actor::CouncilMember {
            member: member.to_string(),
            district: None,
        }
    }
    /// A member of a district's council for its communes (S10).
    pub fn district_member(member: &str, district: &str) -> Actor {
        Actor::CouncilMember {
            member: member.to_string(),
            district: Some(district.to_string()),
        }
    }
    /// The provincial secretariat (Department of Home Affairs).
    pub fn secretariat() -> Actor {
        Actor::Secretariat { district: None }
    }
    /// The provincial Chairman.
    pub fn chairman() -> Actor {
        Actor::Chairman { district: None }
    }
    /// The district a council-side actor belongs to.
    pub(crate) fn district(&self) -> Option<&str> {
        match self {
            Actor::CouncilMember { district, .. }
            | Actor::Secretariat { district }
            | Actor::Chairman { district } => district.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |d: &Option<String>| d.as_deref().map(|d| format!("@{d}")).unwrap_or_default();
        // In the language of the messages (the actor is named in them).
        let vi = crate::error::lang() == crate::error::Lang::Vi;
        match self {
            Actor::UnitOfficer { unit } if vi => write!(f, "cán bộ của đơn vị `{unit}`"),
            Actor::UnitOfficer { unit } => write!(f, "unit officer of `{unit}`"),
            Actor::CouncilMember { member, district } if vi => {
                write!(f, "thành viên Hội đồng `{member}`{}", at(district))
            }
            Actor::CouncilMember { member, district } => {
                write!(f, "council member `{member}`{}", at(district))
            }
            Actor::Secretariat { district } if vi => {
                write!(f, "cơ quan thường trực Hội đồng{}", at(district))
            }
            Actor::Secretariat { district } => write!(f, "secretariat{}", at(district)),
            Actor::Chairman { district } if vi => write!(f, "Chủ tịch{}", at(district)),
            Actor::Chairman { district } => write!(f, "chairman{}", at(district)),
            Actor::System if vi => write!(f, "hệ thống"),
            Actor::System => write!(f, "system"),
        }
    }
}
