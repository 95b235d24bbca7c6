"""Callback data: the hot-path packer says exactly what aiogram's model would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.callbacks import ItemAction

ACTIONS = st.sampled_from(
    ["kind", "client", "date", "del", "undo", "setkind", "setclient", "newclient", "back"]
)
IDS = st.integers(min_value=0, max_value=2**63 - 1)


@given(action=ACTIONS, item_id=IDS, arg=IDS)
def test_data_is_what_pack_makes_and_unpacks_back(action: str, item_id: int, arg: int) -> None:
    data = ItemAction.data(action, item_id, arg)
    assert data == ItemAction(action=action, item_id=item_id, arg=arg).pack()
    assert len(data.encode()) <= 64  # Telegram's limit for callback_data
    assert ItemAction.unpack(data) == ItemAction(action=action, item_id=item_id, arg=arg)


def test_the_default_arg_matches_too() -> None:
    assert ItemAction.data("del", 7) == ItemAction(action="del", item_id=7).pack() == "it:del:7:0"
