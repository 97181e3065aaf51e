"""What it would take to pass.

``plan`` finds the cheapest set of measures that closes every shortfall, with the exact
``arithmetic`` of whole additions and water-filling, priced by ``costs``; ``result`` is
what a plan is and its document; ``whatif`` gives the verdict after a change to the data.
"""
