"""A nightly Zoho CRM sync job: the queries zgql finds in Python code."""

from gql import gql

# Found because it is the argument of gql(...). 1 credit.
RECENT_DEALS = gql(
    """
    query RecentDeals($since: Long) {
      Records {
        Deals(where: { Modified_Time: { greater_than: $since } }, limit: 100) {
          _data { Deal_Name { value } Stage { value } Amount { value } }
          _info { next_offset more_records }
        }
      }
    }
    """
)

# graphql
CALL_LOG = """
query CallLog {
  Records {
    Calls(limit: 50) {
      _data { Subject { value } Call_Duration { value } Call_Status { value } }
    }
  }
}
"""


def deals_of(module: str) -> object:
    # Built at run time: zgql says it cannot analyse this, rather than guess.
    return gql(f"query {{ Records {{ {module} {{ _data {{ id {{ value }} }} }} }} }}")
