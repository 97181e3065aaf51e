"""What it would take to pass.

``plan`` finds the cheapest set of measures that closes every shortfall; ``whatif`` gives
the verdict after a change to the data.
"""
